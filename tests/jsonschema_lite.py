"""Validate a document against a JSON Schema (draft-04 or draft-07): the
`jsonschema` package when it is installed, otherwise this small validator of
the keywords the SARIF 2.1.0, GitLab Security report and sgcheck report
schemas use ($ref, type, properties, additionalProperties, patternProperties,
required, items, minItems, maxItems, uniqueItems, minimum, maximum,
minLength, maxLength, enum, const, pattern, allOf, anyOf, oneOf). Returns a
list of error strings (empty when valid)."""
import json
import re

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _resolve(root, ref):
    assert ref.startswith("#/"), ref
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _check(root, schema, value, path, errors):
    if "$ref" in schema:
        schema = _resolve(root, schema["$ref"])
    t = schema.get("type")
    if t is not None:
        types = t if isinstance(t, list) else [t]
        if not any(TYPES[x](value) for x in types):
            errors.append(f"{path}: expected {t}, got {type(value).__name__}")
            return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > maximum {schema['maximum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append(f"{path}: shorter than {schema['minLength']}")
    if isinstance(value, str) and "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{path}: longer than {schema['maxLength']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for req in schema.get("required", []):
            if req not in value:
                errors.append(f"{path}: missing required '{req}'")
        extra = schema.get("additionalProperties", True)
        patterns = schema.get("patternProperties", {})
        for k, v in value.items():
            matched = [p for p in patterns if re.search(p, k)]
            for p in matched:
                _check(root, patterns[p], v, f"{path}.{k}", errors)
            if k in props:
                _check(root, props[k], v, f"{path}.{k}", errors)
            elif matched:
                pass
            elif extra is False:
                errors.append(f"{path}: unexpected property '{k}'")
            elif isinstance(extra, dict):
                _check(root, extra, v, f"{path}.{k}", errors)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if schema.get("uniqueItems"):
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(seen) != len(set(seen)):
                errors.append(f"{path}: items are not unique")
        if isinstance(schema.get("items"), dict):
            for i, v in enumerate(value):
                _check(root, schema["items"], v, f"{path}[{i}]", errors)
    for sub in schema.get("allOf", []):
        _check(root, sub, value, path, errors)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            passing = sum(1 for s in schema[key] if not _sub(root, s, value, path))
            if passing == 0 or (key == "oneOf" and passing != 1):
                errors.append(f"{path}: {key} matched {passing} of {len(schema[key])}")


def _sub(root, schema, value, path):
    errors = []
    _check(root, schema, value, path, errors)
    return errors


def validate(schema, document):
    try:
        import jsonschema  # the real thing, when available
        validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)(schema)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    except ImportError:
        return _sub(schema, schema, document, "$")

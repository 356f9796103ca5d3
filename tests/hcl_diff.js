#!/usr/bin/env node
// hcl_diff.js - differential check of sgcheck's HCL parser against
// HashiCorp's (their Go hclsyntax package compiled to WebAssembly, shipped
// as the npm package @cdktf/hcl2json).
//
//   NODE_PATH=build/npm/node_modules node tests/hcl_diff.js build/tests/hcl_dump FILE...
//
// For every file, both sides give hcl2json's JSON shape: HashiCorp through
// hcl2json.parse(), ours through hcl_dump. What is compared:
//   - the structure: every body, block type, label and attribute name;
//   - literals exactly as HashiCorp decodes them: numbers, bools, null,
//     strings (escapes, heredoc indentation, strip markers applied);
//   - templates: their literal text exactly, and each "${...}" or directive
//     expression in canonical form;
//   - every other expression in canonical form: hcl2json writes the source
//     text, "${a.b[*].c}", which we parse with HashiCorp's own parser
//     (getExpressionAst) and print canonically (operators fully
//     parenthesized, splat(source, each), tmpl(...) for nested templates);
//     hcl_dump prints the same canonical text from our tree. So operator
//     precedence, splat scope, traversals, calls, for expressions and
//     objects are HashiCorp's parse against ours, not text against text.
// Not compared: string literals *inside* expressions that use strip markers
// or heredoc indentation (HashiCorp's tree only exposes their source text).
// Prints one line per difference and "hcl_diff: N files, M values, K differences".
"use strict";
const fs = require("fs");
const { execFileSync } = require("child_process");
const hcl = require("@cdktf/hcl2json");

const BINARY = {
  add: "+", subtract: "-", multiply: "*", divide: "/", modulo: "%", equal: "==",
  notEqual: "!=", lessThan: "<", lessThanOrEqual: "<=", greaterThan: ">",
  greaterThanOrEqual: ">=", logicalAnd: "&&", logicalOr: "||",
};

// HCL quoted-string escapes (\n \r \t \" \\ \uNNNN \UNNNNNNNN, $${ and %%{).
function decodeQuoted(raw) {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|([$%])\2\{/gs, (m, esc, sigil) => {
    if (sigil) return sigil + "{";
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" }[esc] ?? m;
  });
}

function decodeHeredoc(raw) {
  return raw.replace(/([$%])\1\{/g, (m, sigil) => sigil + "{");
}

function literalText(node, quoted) {
  return quoted ? decodeQuoted(node.meta.value) : decodeHeredoc(node.meta.value);
}

function isLiteralString(node) {
  return node.type === "literalValue" && node.meta.type === "string";
}

// A template in an expression: a string when it is literal text only.
function canonTemplate(node, src) {
  if (node.type !== "template") return canon(node, src);
  const quoted = node.meta.value.startsWith('"');
  if (node.children.every(isLiteralString))
    return JSON.stringify(node.children.map((c) => literalText(c, quoted)).join(""));
  const parts = [];
  for (const c of node.children) {
    if (isLiteralString(c)) {
      const s = literalText(c, quoted);
      if (s !== "") parts.push(JSON.stringify(s));
    } else parts.push(canon(c, src, quoted));
  }
  return "tmpl(" + parts.join(", ") + ")";
}

function canonTraversal(parts, start) {
  let out = start;
  for (const p of parts) {
    if (p.type === "nameTraversal") out += "." + p.segment;
    else if (p.segment.startsWith('"')) out += "[" + JSON.stringify(decodeQuoted(p.segment.slice(1, -1))) + "]";
    else out += "[" + p.segment + "]";
  }
  return out;
}

function canonObjectKey(key, src) {
  if (key.children.length === 0) // a keyword key (true = 1): its source text
    return JSON.stringify(src.slice(key.range.start.byte, key.range.end.byte));
  const k = key.children[0];
  if (k.type === "") return "(" + canon(k, src) + ")"; // parenthesized
  if (k.type === "scopeTraversal" && k.meta.traversal.length === 1)
    return JSON.stringify(k.meta.traversal[0].segment);
  if (k.type === "template" && k.children.every(isLiteralString)) return canonTemplate(k, src);
  return "(" + canon(k, src) + ")";
}

function canonFor(node, src) {
  const m = node.meta, c = node.children;
  const object = m.keyExpression !== "" && m.keyExpression !== undefined;
  const cond = m.conditionalExpression !== "" && m.conditionalExpression !== undefined;
  let i = 0;
  let out = (object ? "{for " : "[for ") + (m.keyVar ? m.keyVar + ", " : "") + m.valVar + " in ";
  out += canon(c[i++], src) + ": ";
  if (object) out += canon(c[i++], src) + " => ";
  out += canon(c[i++], src);
  if (m.groupedValue) out += "...";
  if (cond) out += " if " + canon(c[i++], src);
  return out + (object ? "}" : "]");
}

function canon(node, src, inTemplate) {
  const c = node.children || [];
  switch (node.type) {
    case "literalValue":
      if (node.meta.type === "string") return JSON.stringify(literalText(node, inTemplate !== false));
      return node.meta.value;
    case "scopeTraversal":
      return canonTraversal(node.meta.traversal.slice(1), node.meta.traversal[0].segment);
    case "relativeTraversal":
      return canonTraversal(node.meta.traversal, canon(c[0], src));
    case "index":
      return canon(c[0], src) + "[" + canon(c[1], src) + "]";
    case "splat":
      return "splat(" + canon(c[0], src) + ", " + canon(c[1], src) + ")";
    case "function":
      return node.meta.name + "(" + c.map((x) => canon(x, src)).join(", ") +
        (node.meta.expandedFinalArgument ? "..." : "") + ")";
    case "unaryOp":
      if (node.meta.operator === "negate" && c[0].type === "literalValue" && c[0].meta.type === "number")
        return "-" + c[0].meta.value; // -1 is one literal in our tree
      return "(" + (node.meta.operator === "negate" ? "-" : "!") + canon(c[0], src) + ")";
    case "binaryOp":
      // the package's operator table lacks subtraction: undefined is "-"
      return "(" + canon(c[0], src) + " " + (BINARY[node.meta.operator] || "-") + " " + canon(c[1], src) + ")";
    case "conditional":
      return "(" + canon(c[0], src) + " ? " + canonTemplate(c[1], src) + " : " + canonTemplate(c[2], src) + ")";
    case "tuple":
      return "[" + c.map((x) => canon(x, src)).join(", ") + "]";
    case "object": {
      const items = [];
      for (let i = 0; i + 1 < c.length; i += 2)
        items.push(canonObjectKey(c[i], src) + ": " + canon(c[i + 1], src));
      return "{" + items.join(", ") + "}";
    }
    case "for":
      return canonFor(node, src);
    case "template":
      return canonTemplate(node, src);
    case "templateWrap":
      return "tmpl(" + canon(c[0], src) + ")";
    case "templateJoin": {
      const f = c[0], fc = f.children;
      return "%for(" + (f.meta.keyVar || "_") + ", " + f.meta.valVar + ", " + canon(fc[0], src) + ", " +
        canonTemplate(fc[fc.length - 1], src) + ")";
    }
    case "":
      return c.length ? canon(c[0], src) : "*"; // parentheses / the splat element
    default:
      return "?" + node.type;
  }
}

async function canonSource(raw) {
  const ast = await hcl.getExpressionAst("diff.tf", raw);
  return ast ? canon(ast, raw) : "?unparsed(" + raw + ")";
}

// End of the "${...}" or "%{...}" whose body starts at i: skips nested
// braces and quoted strings (with their own sequences).
function sequenceEnd(s, i) {
  let depth = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') i = stringEnd(s, i + 1);
    else if (ch === "{") depth++, i++;
    else if (ch === "}") {
      if (depth === 0) return i;
      depth--, i++;
    } else i++;
  }
  return i;
}

function stringEnd(s, i) {
  while (i < s.length && s[i] !== '"') {
    if (s[i] === "\\") i += 2;
    else if ((s[i] === "$" || s[i] === "%") && s[i + 1] === s[i] && s[i + 2] === "{") i += 3;
    else if ((s[i] === "$" || s[i] === "%") && s[i + 1] === "{") i = sequenceEnd(s, i + 2) + 1;
    else i++;
  }
  return i + 1;
}

async function canonDirective(body) {
  const t = body.replace(/^~\s*|\s*~$/g, "").trim();
  let m;
  if ((m = /^if\s+([\s\S]*)$/.exec(t))) return "if " + (await canonSource(m[1]));
  if ((m = /^for\s+(\w[\w-]*)(?:\s*,\s*(\w[\w-]*))?\s+in\s+([\s\S]*)$/.exec(t)))
    return "for " + (m[2] ? m[1] + ", " + m[2] : m[1]) + " in " + (await canonSource(m[3]));
  return t;
}

// hcl2json's string with its source-text sequences made canonical.
async function canonString(s) {
  let out = "", i = 0, sequences = 0, only = null;
  while (i < s.length) {
    const two = s.slice(i, i + 2);
    if ((s[i] === "$" || s[i] === "%") && s[i + 1] === s[i] && s[i + 2] === "{") {
      out += s.slice(i, i + 3);
      i += 3;
    } else if (two === "${" || two === "%{") {
      const end = sequenceEnd(s, i + 2);
      const body = s.slice(i + 2, end);
      const c = two === "${" ? await canonSource(body.replace(/^~|~$/g, "")) : await canonDirective(body);
      if (i === 0 && end === s.length - 1 && two === "${") only = c;
      out += two + c + "}";
      sequences++;
      i = end + 1;
    } else out += s[i++];
  }
  // "${(1)}": our tree has no parentheses, so hcl_dump writes the literal
  if (only !== null && sequences === 1) {
    if (/^-?[0-9]/.test(only)) return Number(only);
    if (only === "true" || only === "false") return only === "true";
    if (only === "null") return null;
    if (only.startsWith('"')) return JSON.parse(only).replace(/([$%])\{/g, "$1$1{");
  }
  return out;
}

async function normalize(v) {
  if (typeof v === "string") return v.includes("${") || v.includes("%{") ? canonString(v) : v;
  if (Array.isArray(v)) return Promise.all(v.map(normalize));
  if (v && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      const key = k.includes("${") || k.includes("%{") ? String(await canonString(k)) : k;
      out[key] = await normalize(x);
    }
    return out;
  }
  return v;
}

function compare(theirs, ours, path, diffs, count) {
  if (theirs && ours && typeof theirs === "object" && typeof ours === "object" &&
      Array.isArray(theirs) === Array.isArray(ours)) {
    const keys = new Set([...Object.keys(theirs), ...Object.keys(ours)]);
    for (const k of [...keys].sort()) {
      if (!(k in theirs)) diffs.push(`${path}.${k}: only in ours`);
      else if (!(k in ours)) diffs.push(`${path}.${k}: only in HashiCorp's`);
      else compare(theirs[k], ours[k], `${path}.${k}`, diffs, count);
    }
    return;
  }
  count.values++;
  if (JSON.stringify(theirs) !== JSON.stringify(ours))
    diffs.push(`${path}: HashiCorp ${JSON.stringify(theirs)}, ours ${JSON.stringify(ours)}`);
}

async function main() {
  const [dump, ...files] = process.argv.slice(2);
  const count = { values: 0 };
  let differences = 0;
  for (const file of files) {
    const diffs = [];
    let ours;
    try {
      ours = JSON.parse(execFileSync(dump, [file], { encoding: "utf8", maxBuffer: 1 << 28 }));
    } catch (e) {
      console.log(`${file}: hcl_dump failed: ${String(e.stderr || e).trim()}`);
      differences++;
      continue;
    }
    const theirs = await normalize(await hcl.parse(file, fs.readFileSync(file, "utf8")));
    compare(theirs, ours, "", diffs, count);
    for (const d of diffs) console.log(`${file}: ${d}`);
    differences += diffs.length;
  }
  console.log(`hcl_diff: ${files.length} files, ${count.values} values, ${differences} differences`);
  process.exit(differences ? 1 : 0);
}

main().catch((e) => {
  console.log("hcl_diff: " + (e && e.stack ? e.stack : e));
  process.exit(2);
});

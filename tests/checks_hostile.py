"""Hostile-environment checks (issue 18): outputs that never clobber, inputs
that never hang, text that cannot inject. Imported by checks.py, so each
check_* here runs like the others: a function (binary, root) that raises
AssertionError when the property does not hold."""
import os
import stat
import subprocess
import tempfile

WEB = "fixtures/cloudformation/web-stack.yaml"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def sg_run(binary, *args, cwd=None, stdout=subprocess.PIPE, prefix=(), timeout=60):
    env = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")
    return subprocess.run(list(prefix) + [binary] + list(args), cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)


def check_output_to_devices_in_place(binary, root):
    """-o to a device writes into it: the node stays a device (as root,
    renaming a file over /dev/null replaced the system's /dev/null), a full
    device is an error (exit 2 with a message), never a success."""
    with tempfile.TemporaryDirectory() as d:
        os.mknod(f"{d}/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(f"{d}/full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        for opt in ("-o", "--write-baseline"):
            p = sg_run(binary, "scan", "-q", opt, f"{d}/null", WEB, cwd=root)
            assert p.returncode == 1, (opt, p.returncode, p.stderr)
            assert stat.S_ISCHR(os.stat(f"{d}/null").st_mode), f"{opt} replaced the device"
            p = sg_run(binary, "scan", "-q", opt, f"{d}/full", WEB, cwd=root)
            assert p.returncode == 2 and b"No space left on device" in p.stderr, (opt, p.returncode, p.stderr)
            assert stat.S_ISCHR(os.stat(f"{d}/full").st_mode), f"{opt} replaced the device"
        assert sorted(os.listdir(d)) == ["full", "null"], os.listdir(d)


def check_output_to_dev_stdout(binary, root):
    """-o /dev/stdout sends the report down the pipe (it used to rename a
    file over the /dev/stdout symlink and send nothing)."""
    p = sg_run(binary, "scan", "-f", "json", "-o", "/dev/stdout", WEB, cwd=root)
    assert p.returncode == 1 and b'"rule_id": "SG002"' in p.stdout, (p.returncode, p.stdout[:200], p.stderr)
    assert os.path.islink("/dev/stdout")


def check_output_keeps_mode_and_replaces_atomically(binary, root):
    """A regular output file keeps its mode and gets the new report; no
    temporary file is left behind."""
    with tempfile.TemporaryDirectory() as d:
        out = f"{d}/report.json"
        with open(out, "w") as f:
            f.write("old")
        os.chmod(out, 0o640)
        p = sg_run(binary, "scan", "-f", "json", "-o", out, os.path.join(root, WEB))
        assert p.returncode == 1, p.stderr
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o640, oct(os.stat(out).st_mode)
        assert b'"SG002"' in open(out, "rb").read()
        assert os.listdir(d) == ["report.json"], os.listdir(d)


def check_write_errors_exit_2(binary, root):
    """Standard output on a full device or a closed pipe: exit 2 and a
    message on stderr, never 0 or 1 (or death by SIGPIPE)."""
    with open("/dev/full", "wb") as full:
        p = sg_run(binary, "scan", "--no-color", WEB, cwd=root, stdout=full)
    assert p.returncode == 2 and b"cannot write standard output: No space left" in p.stderr, \
        (p.returncode, p.stderr)
    r, w = os.pipe()
    os.close(r)
    try:
        p = sg_run(binary, "scan", "-f", "json", "fixtures", cwd=root, stdout=w)
    finally:
        os.close(w)
    assert p.returncode == 2 and b"cannot write standard output: Broken pipe" in p.stderr, \
        (p.returncode, p.stderr)


def check_outputs_never_overwrite_inputs(binary, root):
    """-o / --write-baseline naming an input (or each other, by another
    name) is a usage error before anything is written."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(root, WEB), "rb") as f:
            text = f.read()
        with open(f"{d}/t.yaml", "wb") as f:
            f.write(text)
        os.makedirs(f"{d}/sub")
        os.symlink("../t.yaml", f"{d}/sub/alias.yaml")
        cases = [("-o", "t.yaml", "t.yaml"), ("--write-baseline", "sub/alias.yaml", "t.yaml"),
                 ("--report", "json:./t.yaml", "sub/../t.yaml"), ("-o", ".sgcheck.yml", "--config", ".sgcheck.yml")]
        with open(f"{d}/.sgcheck.yml", "w") as f:
            f.write("fail_on: high\n")
        for case in cases:
            args = list(case[:2]) + list(case[2:])
            p = sg_run(binary, "scan", *args, "t.yaml", cwd=d)
            assert p.returncode == 2 and b"also an input" in p.stderr, (args, p.returncode, p.stderr)
        p = sg_run(binary, "scan", "-o", "r.txt", "--write-baseline", "sub/../r.txt", "t.yaml", cwd=d)
        assert p.returncode == 2 and b"two outputs" in p.stderr, p.stderr
        assert open(f"{d}/t.yaml", "rb").read() == text
        assert sorted(os.listdir(d)) == [".sgcheck.yml", "sub", "t.yaml"], os.listdir(d)


def check_text_cannot_forge_workflow_commands(binary, root):
    """Control characters in names, messages, paths and stderr diagnostics
    are shown escaped: no output line starts a GitHub workflow command and
    no ESC reaches the terminal."""
    with tempfile.TemporaryDirectory() as d:
        name = f"{d}/t\n::error file=x::forged\x1b[2J.yaml"
        with open(os.path.join(root, WEB), "rb") as src, open(name, "wb") as dst:
            dst.write(src.read())
        runs = [sg_run(binary, "scan", "--no-color", name, "tests/bad/control-chars.yaml", cwd=root),
                sg_run(binary, "scan", "--no-color", name + ".missing", cwd=root),
                sg_run(binary, "scan", "--format", "x\n::add-mask::y", WEB, cwd=root),
                sg_run(binary, "scan", "--config", name + "\r.yml", WEB, cwd=root)]
    for p in runs:
        for stream in (p.stdout, p.stderr):
            text = stream.decode("utf-8")
            assert "\x1b" not in text and "\r" not in text and "\u2028" not in text, text[:500]
            assert not any(l.startswith("::") for l in text.split("\n")), text[:500]
            assert not any(0x80 <= ord(c) < 0xa0 for c in text), text[:500]
    assert b"t\\n::error file=x::forged\\e[2J.yaml:" in runs[0].stdout, runs[0].stdout[:300]
    assert b"x\\n::add-mask::y" in runs[2].stderr, runs[2].stderr


def check_junit_well_formed_for_forbidden_chars(binary, root):
    """JUnit stays well-formed XML (a strict parser reads it) when values
    hold characters XML 1.0 forbids (U+FFFE, U+FFFF, C0 controls)."""
    import xml.etree.ElementTree as ET
    p = sg_run(binary, "scan", "-f", "junit", "tests/bad/control-chars.yaml", cwd=root)
    assert p.returncode == 1, p.stderr
    doc = ET.fromstring(p.stdout)
    text = "".join(doc.itertext()) + "".join(v for e in doc.iter() for v in e.attrib.values())
    assert "Db\\ufffe\\uffff\\x01" in text, text[:500]


def check_fifo_and_devices_never_hang(binary, root):
    """A FIFO, socket or device named as input or --config is a located
    error at once (it used to block in open() forever); a directory walk
    leaves them out; '-' still reads standard input."""
    import socket
    with tempfile.TemporaryDirectory() as d:
        os.mkfifo(f"{d}/fifo.yaml")
        s = socket.socket(socket.AF_UNIX)
        s.bind(f"{d}/sock.yaml")
        with open(os.path.join(root, WEB), "rb") as src, open(f"{d}/web.yaml", "wb") as dst:
            dst.write(src.read())
        for args in (["fifo.yaml"], ["sock.yaml"], ["/dev/zero"], ["--config", "fifo.yaml", "web.yaml"]):
            p = sg_run(binary, "scan", "--no-color", *args, cwd=d, timeout=20)
            assert p.returncode == 2, (args, p.returncode, p.stdout, p.stderr)
            assert b"not a regular file" in p.stdout + p.stderr, (args, p.stdout, p.stderr)
        p = sg_run(binary, "scan", "-f", "json", ".", cwd=d, timeout=20)
        assert p.returncode == 1 and b'"errors": []' in p.stdout, (p.returncode, p.stdout[-400:])
        s.close()


def check_unreadable_or_too_deep_directories_are_errors(binary, root):
    """An unreadable subdirectory (as an unprivileged user: root reads
    everything) and one beyond the walk's depth limit are errors (exit 2)
    naming the path, never skipped in silence."""
    import shutil
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        os.makedirs(f"{d}/repo/locked")
        with open(os.path.join(root, "fixtures/cloudformation/clean.yaml"), "rb") as src:
            clean = src.read()
        with open(f"{d}/repo/clean.yaml", "wb") as dst:
            dst.write(clean)
        deep = f"{d}/repo/" + "/".join(["x"] * 66)
        os.makedirs(deep)
        with open(f"{deep}/web.yaml", "wb") as dst:
            dst.write(clean)
        for dirpath, dirs, files in os.walk(f"{d}/repo"):
            os.chmod(dirpath, 0o755)
        os.chmod(f"{d}/repo/locked", 0o000)
        p = sg_run(binary, "scan", "--no-color", "repo", cwd=d)
        assert p.returncode == 2 and b"deeper than 64 levels" in p.stdout, (p.returncode, p.stdout[-500:])
        assert b"repo/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x" in p.stdout
        if shutil.which("setpriv"):
            tmp_bin = f"{d}/sgcheck"
            shutil.copy(binary, tmp_bin)
            os.chmod(tmp_bin, 0o755)
            p = sg_run(tmp_bin, "scan", "--no-color", "repo/locked", "repo/clean.yaml", cwd=d, prefix=NOBODY)
            assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
            assert b"repo/locked: cannot read directory: Permission denied" in p.stdout, p.stdout
        os.chmod(f"{d}/repo/locked", 0o755)


def check_multi_document_manifests_stay_silent(binary, root):
    """Multi-document YAML that is not IaC (Kubernetes manifests) is still
    skipped silently in a walk; one with a template in any document is an
    error (tests/bad/multi-document.yaml has the golden)."""
    with tempfile.TemporaryDirectory() as d:
        with open(f"{d}/k8s.yaml", "w") as f:
            f.write("apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Deployment\n---\n")
        with open(f"{d}/cfn.yaml", "w") as f:
            f.write("apiVersion: v1\n---\nResources:\n  G: {Type: 'AWS::EC2::SecurityGroup', "
                    "Properties: {GroupDescription: g}}\n")
        p = sg_run(binary, "scan", "-f", "json", ".", cwd=d)
        assert p.returncode == 2, (p.returncode, p.stdout)
        import json
        errors = [(e["file"], e["line"]) for e in json.loads(p.stdout)["errors"]]
        assert errors == [("./cfn.yaml", 3)], errors

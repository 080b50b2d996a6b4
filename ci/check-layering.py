#!/usr/bin/env python3
"""Checks the layering rules ARCHITECTURE.md states against the #include graph and the code.

    ci/check-layering.py [ROOT]      check the tree at ROOT (default: this checkout)
    ci/check-layering.py --self-test check fixture trees with known violations

The folder table of ARCHITECTURE.md ("Folders and what each may depend on") is read from the
file itself, so the check follows the document. Rules:
  - every source file, and every first-party header included, is in a folder of the table;
  - a file includes first-party headers only of its own folder and of the folders its row
    names, directly or through their rows ("anything": no limit);
  - libpq headers only in folders whose row names libpq, or anything;
  - product code (common/, agent/, distlock/, cls-tools/) runs no shell: no system(), popen(),
    "/bin/sh" or "sh -c";
  - Pacemaker commands are named as a program (a string literal that is the command, or ends
    in "/command") only under common/cluster/;
  - the pure folders named in the "Pure folders (...)" rule include no I/O header and read no
    clock, environment or file system.
Comments are not checked. Exit 0 when clean, 1 with one line per violation, 2 on bad input.
"""

import os
import re
import sys
import tempfile

SOURCE_EXT = (".cpp", ".hpp", ".h", ".cc")
PRODUCT = ("common/", "agent/", "distlock/", "cls-tools/")
LIBPQ_HEADERS = re.compile(r"^(libpq-fe\.h|libpq-events\.h|libpq/|pg_config|postgres_ext\.h)")
PACEMAKER_COMMANDS = (
    "crm_attribute crm_mon crm_node crm_resource crm_master crm_verify crm_simulate crm_shadow "
    "crm_failcount crm_standby crm_ticket crm_diff crm_report crm_error cibadmin attrd_updater "
    "stonith_admin pcs crm").split()
PACEMAKER_LITERAL = re.compile(
    r'"(?:[^"\\]*/)?(' + "|".join(re.escape(c) for c in PACEMAKER_COMMANDS) + r')"')
SHELL = [
    (re.compile(r"(?<![\w.:>])(?:::)?(?:std::)?system\s*\("), "system()"),
    (re.compile(r"\bpopen\s*\("), "popen()"),
    (re.compile(r'"/bin/sh"|"sh"\s*,\s*"-c"|"sh -c'), "a shell"),
]
# What a pure folder must not include or call (it receives facts; the shell does the I/O).
IO_HEADERS = re.compile(
    r"^(fstream|iostream|cstdio|stdio\.h|unistd\.h|fcntl\.h|sys/.*|poll\.h|dirent\.h|thread|"
    r"ctime|time\.h|pwd\.h|grp\.h|syslog\.h|dlfcn\.h|csignal|signal\.h|netinet/.*|arpa/.*|"
    r"random|future|libpq-fe\.h|pugixml\.hpp)$")
IMPURE_CALLS = [
    (re.compile(r"\b(?:steady_clock|system_clock|high_resolution_clock|file_clock)::now\b"),
     "reads a clock"),
    (re.compile(r"\bstd::time\s*\(|\bgettimeofday\b|\bclock_gettime\b"), "reads a clock"),
    (re.compile(r"\b(?:secure_)?getenv\b|\benviron\b"), "reads the environment"),
    (re.compile(r"\b(?:std::filesystem|fs)::(?:exists|status|symlink_status|is_(?:regular_file|"
                r"directory|symlink|empty)|(?:recursive_)?directory_iterator|create_\w+|remove"
                r"\w*|rename|copy\w*|file_size|last_write_time|read_symlink|canonical|"
                r"weakly_canonical|current_path|temp_directory_path|permissions|space)\b"),
     "touches the file system"),
    (re.compile(r"\bstd::(?:cout|cerr|clog)\b|\b(?:f|s)?printf\s*\("), "writes output"),
]
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def strip_comments(text):
    """The text with comments blanked (newlines kept); string and char literals stay."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "R" and text.startswith('"', i + 1) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(text[i:j])
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_table(root):
    """{folder: set of dependency words} and the pure folders, from ARCHITECTURE.md."""
    path = os.path.join(root, "ARCHITECTURE.md")
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        sys.exit(f"check-layering: cannot read {path}: {e}")
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        # "support (its tests)" names the folder support; the parenthesis is a remark.
        deps = {re.sub(r"\(.*?\)", "", d).strip().strip("`").lower()
                for d in cells[2].split(",")}
        for folder in re.findall(r"`([^`]+)`", cells[0]):
            if not folder.startswith("pgha_"):
                table[folder.rstrip("/")] = deps
    pure = re.search(r"^- Pure folders \(([^)]*)\)", text, re.M)
    if not table or not pure:
        sys.exit(f"check-layering: no folder table or pure-folder rule in {path}")
    return table, re.findall(r"`([^`]+)`", pure.group(1))


def folder_of(path, folders):
    """The table folder `path` belongs to: the longest named folder, else a "<area>" row."""
    named = [f for f in folders if "<" not in f and (path == f or path.startswith(f + "/"))]
    if named:
        return max(named, key=len)
    for f in folders:
        if "<" not in f:
            continue
        # Each "<placeholder>" stands for one or more path components; the rest is literal.
        pattern = "".join(".+?" if part.startswith("<") else re.escape(part)
                          for part in re.split(r"(<[^>]+>)", f))
        if re.match(pattern + "/", path):
            return f
    return None


def allowed_closure(table):
    """{folder: folders it may include, itself and its rows' rows included; None = any}."""
    short = {}
    for f in table:
        if "<" not in f:
            short.setdefault(f.rsplit("/", 1)[-1], f)
    direct = {f: {short[d] for d in deps if d in short} for f, deps in table.items()}
    closure = {}
    for f, deps in table.items():
        if "anything" in deps:
            closure[f] = None
            continue
        seen, todo = {f}, list(direct[f])
        while todo:
            g = todo.pop()
            if g not in seen:
                seen.add(g)
                todo.extend(direct.get(g, ()))
        closure[f] = seen
    return closure


def source_files(root):
    for d, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(d, root)
        # Hidden folders and build trees (any folder with a CMakeCache.txt) are not the source.
        dirs[:] = [x for x in dirs if not x.startswith(".") and
                   not os.path.exists(os.path.join(d, x, "CMakeCache.txt")) and
                   not (rel_dir == "." and x in ("docs", "sql"))]
        for name in sorted(files):
            if name.endswith(SOURCE_EXT):
                yield os.path.normpath(os.path.join(rel_dir, name))


def resolve(root, path, kind, target):
    """The repository path of a first-party include, or None for a system header."""
    if target.startswith("pgha/distlock/"):
        return "distlock/include/" + target
    if kind != '"':
        return None
    for candidate in (target, os.path.join(os.path.dirname(path), target)):
        candidate = os.path.normpath(candidate)
        if os.path.exists(os.path.join(root, candidate)):
            return candidate
    return target


def check(root):
    table, pure = read_table(root)
    folders = list(table)
    closure = allowed_closure(table)
    problems = []
    for path in source_files(root):
        own = folder_of(path, folders)
        if own is None:
            problems.append(f"{path}: in no folder of ARCHITECTURE.md's table")
            continue
        text = open(os.path.join(root, path), encoding="utf-8", errors="replace").read()
        code = strip_comments(text)
        lineno = lambda pos: code.count("\n", 0, pos) + 1
        allowed = closure[own]
        for m in INCLUDE.finditer(code):
            kind, target = m.group(1), m.group(2)
            where = f"{path}:{lineno(m.start())}"
            dep = resolve(root, path, kind, target)
            if dep is not None and allowed is not None:
                dep_folder = folder_of(dep, folders)
                if dep_folder is None:
                    problems.append(f"{where}: \"{target}\" is in no folder of "
                                    f"ARCHITECTURE.md's table")
                elif dep_folder not in allowed:
                    problems.append(f"{where}: {own} includes \"{target}\" of {dep_folder}, "
                                    f"which its row in ARCHITECTURE.md does not allow")
            if kind == "<" and LIBPQ_HEADERS.match(target) and allowed is not None and \
                    "libpq" not in table[own]:
                problems.append(f"{where}: libpq header <{target}> outside the folders whose "
                                f"row names libpq")
            if own in pure and kind == "<" and IO_HEADERS.match(target):
                problems.append(f"{where}: pure folder {own} includes the I/O header <{target}>")
        if path.startswith(PRODUCT):
            for pattern, what in SHELL:
                for m in pattern.finditer(code):
                    problems.append(f"{path}:{lineno(m.start())}: product code runs {what}")
            if own != "common/cluster":
                for m in PACEMAKER_LITERAL.finditer(code):
                    problems.append(f"{path}:{lineno(m.start())}: Pacemaker command "
                                    f"\"{m.group(1)}\" named outside common/cluster")
        if own in pure:
            for pattern, what in IMPURE_CALLS:
                for m in pattern.finditer(code):
                    problems.append(f"{path}:{lineno(m.start())}: pure folder {own} {what} "
                                    f"({m.group(0).strip()})")
    return problems


FIXTURE_ARCHITECTURE = """# fixture
| Folder | What it is | May depend on |
|---|---|---|
| `common/base` (`pgha_base`) | errors | fmt |
| `common/model` | values | base |
| `common/pq` (`pgha_pq`) | libpq layer | base, libpq |
| `common/pg` | seam | base, model, pq, libpq |
| `common/cluster` | Pacemaker seam | base, model |
| `agent/core` | decisions | base, model |
| `agent/` | actions | core, pg, cluster |
| `tests/<area>` | tests | anything |

Rules:
- Pure folders (`common/model`, `agent/core`) do no I/O.
"""

# Each fixture: files of a tree, and a fragment every expected problem line contains.
FIXTURES = [
    ("clean tree", {
        "common/base/log.hpp": "#pragma once\n#include <string>\n",
        "common/model/lsn.hpp": '#include "common/base/log.hpp"\n#include <chrono>\n',
        "common/pq/conn.cpp": '#include "common/base/log.hpp"\n#include <libpq-fe.h>\n',
        "common/pg/session.cpp": '#include "common/pq/conn.cpp"\n#include "common/model/lsn.hpp"\n'
                                 '// system("never"): a comment is not code\n',
        "common/cluster/crm.cpp": 'const char* k = "crm_attribute";\n',
        "agent/main.cpp": '#include "common/pg/session.cpp"\n#include "common/model/lsn.hpp"\n'
                          'auto m = "see crm_mon -A";\n',
        "agent/core/plan.cpp": '#include "common/model/lsn.hpp"\n#include <filesystem>\n'
                               'auto p = std::filesystem::path("a") / "b";\n',
        "tests/common/pg/test.cpp": '#include "agent/main.cpp"\n#include <libpq-fe.h>\n'
                                    'int r = system("true");\n',
    }, []),
    ("a folder includes one its row does not name", {
        "common/base/log.hpp": "#pragma once\n",
        "common/model/lsn.hpp": '#include "common/pg/session.hpp"\n',
        "common/pg/session.hpp": "#pragma once\n",
    }, ["common/model/lsn.hpp:1: common/model includes \"common/pg/session.hpp\" of common/pg"]),
    ("common knows the agent", {
        "common/cluster/view.cpp": '#include "agent/core/plan.hpp"\n',
        "agent/core/plan.hpp": "#pragma once\n",
    }, ["common/cluster/view.cpp:1: common/cluster includes"]),
    ("a folder the table does not name", {
        "common/base/log.hpp": "#pragma once\n",
        "common/extra/x.cpp": '#include "common/base/log.hpp"\n',
        "agent/main.cpp": '#include "common/extra/x.cpp"\n',
    }, ["common/extra/x.cpp: in no folder", "agent/main.cpp:1: \"common/extra/x.cpp\" is in no"]),
    ("libpq outside its folders", {
        "agent/world.cpp": "#include <libpq-fe.h>\n",
    }, ["agent/world.cpp:1: libpq header"]),
    ("a shell in product code", {
        "common/pg/ctl.cpp": 'int a = std::system("pg_ctl stop");\nFILE* f = popen("x", "r");\n'
                             'const char* argv[] = {"/bin/sh", "-c", "x"};\n',
    }, ["common/pg/ctl.cpp:1: product code runs system()",
        "common/pg/ctl.cpp:2: product code runs popen()",
        "common/pg/ctl.cpp:3: product code runs a shell"]),
    ("a Pacemaker command outside common/cluster", {
        "agent/writer.cpp": 'std::vector<std::string> argv = {"/usr/sbin/crm_attribute", "-n"};\n',
    }, ["agent/writer.cpp:1: Pacemaker command \"crm_attribute\""]),
    ("I/O in a pure folder", {
        "agent/core/health.cpp": "#include <fstream>\n#include <sys/stat.h>\n"
                                 "auto t = std::chrono::steady_clock::now();\n"
                                 'auto e = std::getenv("X");\n'
                                 'bool x = std::filesystem::exists("/tmp");\n',
    }, ["agent/core/health.cpp:1: pure folder agent/core includes the I/O header <fstream>",
        "agent/core/health.cpp:2: pure folder agent/core includes the I/O header <sys/stat.h>",
        "agent/core/health.cpp:3: pure folder agent/core reads a clock",
        "agent/core/health.cpp:4: pure folder agent/core reads the environment",
        "agent/core/health.cpp:5: pure folder agent/core touches the file system"]),
]


def self_test():
    failures = 0
    for name, files, expected in FIXTURES:
        with tempfile.TemporaryDirectory(prefix="pgha-layering-") as root:
            with open(os.path.join(root, "ARCHITECTURE.md"), "w", encoding="utf-8") as f:
                f.write(FIXTURE_ARCHITECTURE)
            for rel, content in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(content)
            got = check(root)
        missing = [e for e in expected if not any(e in p for p in got)]
        extra = [p for p in got if not any(e in p for e in expected)]
        if missing or extra:
            failures += 1
            print(f"self-test \"{name}\": FAILED", file=sys.stderr)
            for e in missing:
                print(f"  expected, not reported: {e}", file=sys.stderr)
            for p in extra:
                print(f"  reported, not expected: {p}", file=sys.stderr)
        else:
            print(f"self-test \"{name}\": ok ({len(got)} problems reported)")
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    if problems:
        print(f"check-layering: {len(problems)} violations of ARCHITECTURE.md's rules",
              file=sys.stderr)
        return 1
    print("check-layering: the include graph keeps ARCHITECTURE.md's rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

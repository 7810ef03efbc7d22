#!/usr/bin/env python3
"""Every status the test suites saw an operation answer is documented in the contract.

Reads the lines `METHOD route status` the servers of `make test` appended to the status logs
(ID06_STATUS_LOG) and the committed contract; prints each answer the contract does not document
for its operation and fails if there is any. Statuses every operation may answer are documented
on every operation by the contract itself, so they are checked like the rest.
"""
import json
import sys


def main(contract_path, logs):
    with open(contract_path, encoding="utf-8") as f:
        paths = json.load(f)["paths"]
    seen = {}
    for log in logs:
        try:
            with open(log, encoding="utf-8") as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 3:
                        seen.setdefault((parts[0], parts[1]), set()).add(parts[2])
        except FileNotFoundError:
            pass
    if not seen:
        print("check_statuses: no answers were logged; is ID06_STATUS_LOG set?", file=sys.stderr)
        return 1
    undocumented = []
    answers = 0
    for (method, route), statuses in sorted(seen.items()):
        op = paths.get(route, {}).get(method.lower())
        if op is None:
            # Routes outside the contract: Swagger UI, /metrics, the fallback's 404/405.
            continue
        documented = set(op.get("responses", {}))
        for status in sorted(statuses):
            answers += 1
            if status not in documented and f"{status[0]}XX" not in documented:
                undocumented.append(f"{method} {route} answered {status}, documented: {sorted(documented)}")
    for u in undocumented:
        print(u)
    print(f"check_statuses: {answers} (operation, status) pairs seen, {len(undocumented)} undocumented")
    return 1 if undocumented else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))

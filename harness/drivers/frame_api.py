# Driver for frame:module/frame-format: imports the student's capsule.py and calls
# frame(start_ch, addr, seqNo, msg) once per case given on the command line (each a JSON list),
# reporting what it returned as a "LABCHECK-FRAME {json}" line. The check compares. Before it
# imports the student's module it announces every case ("LABCHECK-FRAME-CASES [...]"), so the
# scenario lists the cases once (as these arguments) and the check knows which ones must answer.
import json
import sys

from student_module import import_student


def report(args, value=None, error=None):
    line = {'args': args, 'error': error}
    if value is not None:
        line['type'] = type(value).__name__
        line['repr'] = repr(value)
        # A str as it is; anything else only by its repr (the check says it is not a str).
        line['value'] = value if isinstance(value, str) else None
    print('LABCHECK-FRAME ' + json.dumps(line), flush=True)


def main():
    entry = sys.argv[1]
    cases = [json.loads(a) for a in sys.argv[2:]]
    print('LABCHECK-FRAME-CASES ' + json.dumps(cases), flush=True)
    module = import_student(entry)
    for args in cases:
        try:
            value = module.frame(*args)
        except BaseException as exc:  # the student's code may raise anything
            report(args, error='%s: %s' % (type(exc).__name__, exc))
            continue
        report(args, value)


main()

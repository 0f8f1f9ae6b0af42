# Writes python-verdicts.txt: for each corpus file, how many VEVENTs python `icalendar` finds (0 when it refuses the file).
import pathlib
import sys

import icalendar

HERE = pathlib.Path(__file__).resolve().parent


def count_events(data):
    try:
        components = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception:
        return 0
    return sum(len(component.walk("VEVENT")) for component in components)


def main():
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "files"
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "python-verdicts.txt"
    lines = [f"# python icalendar {icalendar.__version__}: file name, then the number of VEVENTs it reads (0 = none or refused)"]
    for path in sorted(folder.glob("*.ics")):
        lines.append(f"{path.name}\t{count_events(path.read_bytes())}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with_events = sum(1 for line in lines[1:] if not line.endswith("\t0"))
    print(f"{len(lines) - 1} files, python icalendar reads events from {with_events}")


if __name__ == "__main__":
    main()

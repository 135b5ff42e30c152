"""Write a valid synthetic dataset of N scenes with realistic field sizes.

The scenes are the 13 real ones, repeated with numbered ids and headings, so every field and
claim type appears in realistic proportions. Times are written the YAML way, unquoted with a
space (`published: 2026-11-24 09:00:00-05:00`), as people and PyYAML write them. The result
is validated with the project's own schema before it is written.

    python bench/generate.py 10000 > /tmp/scenes-10000.yaml
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import serialize  # noqa: E402


def dataset(n: int) -> dict:
    real = json.loads(
        serialize.canonical_json(pipeline.load(ROOT / "source" / "scenes.yaml")).decode()
    )
    scenes = []
    for i in range(n):
        scene = json.loads(json.dumps(real["scenes"][i % len(real["scenes"])]))
        round_ = i // len(real["scenes"])
        if round_:
            scene["id"] = f"{scene['id']}-{round_}"
            scene["heading"] = f"{scene['heading']} ({round_})"
        scenes.append({k: v for k, v in scene.items() if v not in (None, [], "film")})
    for scene in scenes:
        scene["published"] = datetime.fromisoformat(scene["published"])  # dumped YAML-style
        for part in ("films", "people", "claims"):
            scene.get(part) and scene.update(
                {part: [{k: v for k, v in x.items() if v is not None} for x in scene[part]]}
            )
    collection = {
        **real["collection"],
        "published": datetime.fromisoformat(real["collection"]["published"]),
    }
    return {"collection": collection, "scenes": scenes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(dataset(args.n), Dumper=dumper, allow_unicode=True, sort_keys=False, width=88)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        pipeline.load(args.output)  # the generator must produce valid data
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()

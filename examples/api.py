"""The Python API the command line wraps, as the docs show it (docs/plugins.md runs this)."""

import msgspec

import pipeline

try:
    dataset = pipeline.load("source/scenes.yaml")
except pipeline.ValidationError as error:
    for d in error.diagnostics:  # every problem, sorted by position
        print(d.path, d.line, d.col, d.field, d.message, d.hint)
    raise

print(len(dataset.scenes), "scenes; the second is", dataset.scenes[1].heading)
text = pipeline.render(dataset, "text")  # bytes, nothing written
print(text.decode().splitlines()[0])
for written in pipeline.export(dataset, ["json", "text"], "outputs"):
    print(written.format, written.path, "changed" if written.changed else "unchanged")

# Records are frozen msgspec Structs: replace() makes a changed copy, checked again.
renamed = msgspec.structs.replace(dataset.scenes[1], heading="Rocky 2")
print(renamed.heading, "/", dataset.scenes[1].heading)
try:
    msgspec.structs.replace(dataset.scenes[1], kind="compilation")
except ValueError as refused:
    print("refused:", refused)

# Exporting a feed holds the data to the record of the guids feeds have published: a scene
# renamed without `former_ids` is refused, and nothing is written.
scenes = list(dataset.scenes)
scenes[1] = msgspec.structs.replace(scenes[1], id="rocky-2")
renamed_id = msgspec.structs.replace(dataset, scenes=tuple(scenes))
try:
    pipeline.export(renamed_id, ["rss"], "outputs")
except pipeline.PipelineError as error:
    print(type(error).__name__, error.exit_code, str(error).splitlines()[-1])

data = msgspec.to_builtins(dataset)
data["scenes"][0]["heading"] = 1917  # dataset_from validates plain data the same way
try:
    pipeline.dataset_from(data)
except pipeline.ValidationError as error:
    print(error.render())

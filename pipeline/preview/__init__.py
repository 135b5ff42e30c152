"""`scenes serve`: a live preview of every output, rebuilt as its files change.

- `inputs`: the files in use (settings, dataset, templates, reference document, ledger) and
  what a change to each affects;
- `site`: the build into a temporary folder, stage by stage, keeping the last good pages and
  every problem as the commands print it;
- `letter`: this period's newsletter issue, made as a dry run (the ledger read, never written);
- `pages`, `views` and `templates/`: the preview's own pages (index, text at its width, feeds
  and JSON, the letter, the reality check);
- `live` and `live.js`: what open pages learn (new versions, problems), and the script added
  to served pages only;
- `server`: HTTP for the built files alone, GET and HEAD, and the server-sent events;
- `watch`: watchfiles, rebuilding on change; `serve`: all of it, cleaned up however it ends.
"""

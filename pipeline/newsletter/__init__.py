"""The scheduled newsletter: numbered issues of the next scenes, recorded, written and sent.

- `schedule`: periods (daily, weekly, monthly) reckoned in dates in the configured zone;
- `ledger`: the SQLite record of issues, featured scenes and send states (`store` opens it);
- `issues`: choosing the next scenes and composing an issue; `letter`: what its templates get
  (subject, preheader, links into the article, numbers); `brand`: the one name it goes by;
- `message`: an issue as an email message, its Subject folded by `folding`;
- `lawful`: what a send to the list needs (unsubscribe link, postal address, real addresses);
- `mailer`: SMTP delivery that tells "certainly not sent" from "unknown";
- `sending`: one issue a run to the list, older ones when named, test copies;
- `archive` and `dressing`: the web archive of what was sent;
- `run`: one run (make, write, send), and discard, resolve and history.
"""

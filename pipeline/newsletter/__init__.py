"""The scheduled newsletter: numbered issues of the next scenes, recorded, written and sent.

- `schedule`: periods (daily, weekly, monthly) reckoned in dates in the configured zone;
- `ledger`: the SQLite record of issues, featured scenes and send states, under a lock;
- `issues`: choosing the next scenes and composing an issue from the newsletter's template;
- `message`: an issue as an email message;
- `mailer`: SMTP delivery that tells "certainly not sent" from "unknown";
- `run`: one run (make, write, send), and discard, resolve and history.
"""

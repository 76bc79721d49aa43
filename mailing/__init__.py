"""Mail: SMTP connections, templates, the send ledger and the local mail catcher."""

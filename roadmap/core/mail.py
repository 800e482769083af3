"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise the log and instance/outbox/."""
import smtplib
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage

from flask import current_app


def send_mail(to, subject, body):
    message = EmailMessage()  # refuses CR/LF in headers: no header injection
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return None
    outbox = config["OUTBOX_DIR"]
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message))
    tmp.replace(path)
    current_app.logger.info("E-mail to %s (%s) written to %s\n%s", to, subject, path, body)
    return path

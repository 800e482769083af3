"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise the log and instance/outbox/.

`send_mail` composes the message in the request and hands its delivery to the job queue once the
request has committed (roadmap/core/deferred.py): an SMTP server that is slow or down never makes
anyone wait nor shows them an error; the delivery is logged and retried with backoff.
"""
import smtplib
import uuid
from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage

from flask import current_app


def compose(to, subject, body, html=None, headers=None, attachments=()):
    """A plain text message, with an HTML alternative and attachments (filename, mime type, bytes)
    when given. EmailMessage refuses CR/LF in headers: no header injection."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, mimetype, content in attachments:
        maintype, _sep, subtype = mimetype.partition("/")
        if maintype == "text":
            message.add_attachment(content.decode("utf-8") if isinstance(content, bytes) else content,
                                   subtype=subtype, filename=filename)
        else:
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send_mail(to, subject, body, html=None, headers=None, attachments=()):
    """Queue the message; it leaves once the request has committed (at once outside a request)."""
    from roadmap.core.deferred import after_response

    after_response(deliver_raw, bytes(compose(to, subject, body, html, headers, attachments)))


def deliver_raw(raw):
    """The queue's job: deliver a composed message (raises on an SMTP failure, so it is retried)."""
    return deliver(message_from_bytes(raw, policy=policy.default))


def deliver(message):
    """Send one message now, in this thread: SMTP, or the outbox folder without a mail server."""
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        current_app.logger.info("E-mail to %s (%s) sent", message["To"], message["Subject"])
        return None
    outbox = config["OUTBOX_DIR"]
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message))
    tmp.replace(path)
    text = message.get_body(("plain",)) if message.is_multipart() else message
    current_app.logger.info("E-mail to %s (%s) written to %s\n%s", message["To"], message["Subject"], path,
                            text.get_content() if text is not None else "")
    return path

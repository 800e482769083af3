"""For Huey's own consumer: `huey_consumer roadmap.worker.huey -k thread -w 2` (the same as
`flask --app wsgi jobs`)."""
from wsgi import app

huey = app.extensions["huey"]

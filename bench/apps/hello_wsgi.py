"""A trivial WSGI app for the gunicorn side of bench/reload.sh: a small JSON body with the pid."""
import json
import os


def app(environ, start_response):
    body = json.dumps({"message": "Hello from gunicorn", "pid": os.getpid()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]

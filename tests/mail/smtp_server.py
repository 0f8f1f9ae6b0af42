# A real SMTP server for the mail tests: aiosmtpd on loopback with STARTTLS (or implicit TLS) and AUTH, saving what it receives.
#
# Usage: smtp_server.py DIR [--tls implicit|starttls] [--refuse ADDRESS]
# Makes a certificate authority and a server certificate for 127.0.0.1 in DIR (with the openssl
# command), prints "PORT <n>" once it listens, writes each received message to DIR/received/
# as NNN-<recipient>.eml, and stops when its standard input closes.
import os
import socket
import ssl
import subprocess
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "natverk@fss.se"
PASSWORD = "rätt-lösenord"


def make_certificates(folder):
    """A test CA and a server certificate it signed, for 127.0.0.1 and localhost."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Natverket test CA",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(folder, "san.ext"), "w") as ext:
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "san.ext", "-out", "server.pem")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))
    return context


class Saver:
    def __init__(self, folder, refused):
        self.folder = folder
        self.refused = refused
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            self.count += 1
            name = f"{self.count:03d}-{recipient}.eml"
            with open(os.path.join(self.folder, name), "wb") as out:
                out.write(envelope.original_content or envelope.content)
        return "250 Message accepted"


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER \
            and auth_data.password.decode() == PASSWORD:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


def main():
    folder = os.path.abspath(sys.argv[1])
    mode = "starttls"
    refused = set()
    args = sys.argv[2:]
    while args:
        flag, value, *args = args
        if flag == "--tls":
            mode = value
        elif flag == "--refuse":
            refused.add(value.lower())
    received = os.path.join(folder, "received")
    os.makedirs(received, exist_ok=True)
    context = make_certificates(folder)
    # aiosmtpd checks its server by connecting to the port, so it needs a real one: ask the system for a free one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    options = dict(hostname="127.0.0.1", port=free_port, authenticator=authenticate, auth_required=True,
                   server_hostname="natverket-test")
    if mode == "implicit":
        controller = Controller(Saver(received, refused), ssl_context=context, auth_require_tls=False, **options)
    else:
        controller = Controller(Saver(received, refused), tls_context=context, require_starttls=True, **options)
    controller.start()
    print(f"PORT {free_port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()

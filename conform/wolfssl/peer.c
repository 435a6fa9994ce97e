/*
 * peer.c is clientauth conform's wolfSSL driver (package conform compiles
 * it with gcc against libwolfssl at run time). One process is one peer:
 *
 *   peer server 1.2|1.3 CERT KEY CA
 *     listens on 127.0.0.1 (a free port, printed as "LISTENING port"),
 *     requires a client certificate, answers each request once the
 *     handshake is through, until killed;
 *   peer version
 *     prints the library's version;
 *   peer client 1.2|1.3 CERT KEY CA HOST PORT [CIPHERS]
 *     makes one handshake (offering only CIPHERS, an OpenSSL-style list,
 *     when given), presenting its certificate when asked, then reads until
 *     the server closes.
 *
 * Files are PEM. A failure is printed on stderr as "FAILED: " with
 * wolfSSL's error code and string; a client exits 1 on it, 0 after a
 * handshake.
 */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* Every socket read ends here at the latest, so that a peer the runner
 * stopped waiting for still exits on its own. */
#define SO_TIMEOUT_S 30

#define SIGALGS "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512"

static void failed(WOLFSSL *ssl, int ret, const char *what) {
	char buf[WOLFSSL_MAX_ERROR_SZ];
	int err = ssl ? wolfSSL_get_error(ssl, ret) : ret;
	fprintf(stderr, "FAILED: %s: %d %s\n", what, err, wolfSSL_ERR_error_string(err, buf));
	fflush(stderr);
}

static void timeouts(int fd) {
	struct timeval tv = {SO_TIMEOUT_S, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static WOLFSSL_CTX *context(int server, const char *vers, const char *cert, const char *key, const char *ca) {
	WOLFSSL_METHOD *m;
	if (strcmp(vers, "1.3") == 0)
		m = server ? wolfTLSv1_3_server_method() : wolfTLSv1_3_client_method();
	else if (strcmp(vers, "1.2") == 0)
		m = server ? wolfTLSv1_2_server_method() : wolfTLSv1_2_client_method();
	else {
		fprintf(stderr, "peer: version %s: want 1.2 or 1.3\n", vers);
		exit(2);
	}
	WOLFSSL_CTX *ctx = wolfSSL_CTX_new(m);
	int ret;
	if (ctx == NULL) {
		fprintf(stderr, "peer: wolfSSL_CTX_new failed\n");
		exit(2);
	}
	if ((ret = wolfSSL_CTX_use_certificate_chain_file(ctx, cert)) != WOLFSSL_SUCCESS ||
	    (ret = wolfSSL_CTX_use_PrivateKey_file(ctx, key, WOLFSSL_FILETYPE_PEM)) != WOLFSSL_SUCCESS ||
	    (ret = wolfSSL_CTX_load_verify_locations(ctx, ca, NULL)) != WOLFSSL_SUCCESS) {
		failed(NULL, ret, "loading the key, certificate or CA");
		exit(2);
	}
	/* wolfSSL derives the algorithms it offers from its own key's type; a
	 * server with an RSA key would then ask for RSA signatures only, and
	 * the client certificate is ECDSA. */
	if (wolfSSL_CTX_set1_sigalgs_list(ctx, SIGALGS) != WOLFSSL_SUCCESS) {
		fprintf(stderr, "peer: signature algorithms %s refused\n", SIGALGS);
		exit(2);
	}
	wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER | (server ? WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), NULL);
	return ctx;
}

static void answer(WOLFSSL_CTX *ctx, int fd) {
	WOLFSSL *ssl = wolfSSL_new(ctx);
	char buf[256];
	int ret;
	timeouts(fd);
	wolfSSL_set_fd(ssl, fd);
	if ((ret = wolfSSL_accept(ssl)) != WOLFSSL_SUCCESS)
		failed(ssl, ret, "handshake");
	else if (wolfSSL_read(ssl, buf, sizeof buf) > 0) {
		const char *resp = "HTTP/1.0 200 OK\r\n\r\nclientauth conform\n";
		wolfSSL_write(ssl, resp, (int)strlen(resp));
		wolfSSL_shutdown(ssl);
	}
	wolfSSL_free(ssl);
	close(fd);
}

static int serve(WOLFSSL_CTX *ctx) {
	struct sockaddr_in a = {0};
	socklen_t n = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 16) != 0 ||
	    getsockname(l, (struct sockaddr *)&a, &n) != 0) {
		perror("peer: listen");
		return 2;
	}
	printf("LISTENING %d\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;) {
		int fd = accept(l, NULL, NULL);
		if (fd >= 0)
			answer(ctx, fd);
	}
}

static int connect_to(WOLFSSL_CTX *ctx, const char *host, const char *port, const char *ciphers) {
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0), ret;
	char buf[256];
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(port));
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		perror("peer: connect");
		return 2;
	}
	timeouts(fd);
	if (ciphers != NULL && wolfSSL_CTX_set_cipher_list(ctx, ciphers) != WOLFSSL_SUCCESS) {
		fprintf(stderr, "FAILED: cipher list %s not supported\n", ciphers);
		return 1;
	}
	WOLFSSL *ssl = wolfSSL_new(ctx);
	wolfSSL_set_fd(ssl, fd);
	if ((ret = wolfSSL_connect(ssl)) != WOLFSSL_SUCCESS) {
		failed(ssl, ret, "handshake");
		return 1;
	}
	printf("HANDSHAKE %s %s\n", wolfSSL_get_version(ssl), wolfSSL_get_cipher(ssl));
	fflush(stdout);
	while (wolfSSL_read(ssl, buf, sizeof buf) > 0) {
	}
	wolfSSL_free(ssl);
	close(fd);
	return 0;
}

int main(int argc, char **argv) {
	if (argc == 2 && strcmp(argv[1], "version") == 0) {
		printf("wolfSSL %s\n", wolfSSL_lib_version());
		return 0;
	}
	int server = argc >= 6 && strcmp(argv[1], "server") == 0;
	if (!server && !(argc >= 8 && strcmp(argv[1], "client") == 0)) {
		fprintf(stderr, "usage: peer version | peer server|client 1.2|1.3 CERT KEY CA [HOST PORT [CIPHERS]]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	wolfSSL_Init();
	WOLFSSL_CTX *ctx = context(server, argv[2], argv[3], argv[4], argv[5]);
	if (server)
		return serve(ctx);
	return connect_to(ctx, argv[6], argv[7], argc > 8 ? argv[8] : NULL);
}

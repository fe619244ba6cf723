/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * td-app: the model's workload on real sockets, for the kernel harness.
 *
 *   td-app b --port P [--requestBytes N] [--responseBytes N] --result FILE
 *     accepts one connection, reads the whole request, writes the response,
 *     reads until EOF (A's FIN) and closes.
 *   td-app a --connect IP --port P [--requestBytes N] [--closeDelay S]
 *            [--strategy half-close|full-close|abortive|lingering]
 *            [--lingerTimeout S] --result FILE
 *   --mss N (both): TCP_MAXSEG before connect / listen (0: the kernel's)
 *     connects, sends the request and closes --closeDelay s later:
 *       half-close  shutdown(SHUT_WR), read to EOF, close()
 *       full-close  close() at once
 *       abortive    SO_LINGER {1, 0}, close(): a RST
 *       lingering   shutdown(SHUT_WR), read to EOF or --lingerTimeout s, close()
 *     With --closeDelay 0 the request is written under TCP_CORK and the FIN
 *     is queued before the cork is lifted, so the FIN rides on the request.
 *
 * Both write one line to --result:
 *   role=a bytes_read=N reset=0|1 read_error=ERRNO close_ns=T exit_ns=T timed_out=0|1
 * (times from CLOCK_REALTIME; close_ns is A's first closing call, B's close()).
 * Every run is bounded by --timeLimit (alarm).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct result {
	long long bytes_read;
	int reset;
	int read_error;
	long long close_ns;
	int timed_out;
};

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void set_int(int fd, int level, int name, int value)
{
	if (setsockopt(fd, level, name, &value, sizeof(value)) < 0)
		perror("td-app: setsockopt");
}

static void note_error(struct result *r, int err)
{
	if (!r->read_error)
		r->read_error = err;
	if (err == ECONNRESET)
		r->reset = 1;
}

/* reads until EOF, an error, the alarm, or deadline_ns (0: none); limit: stop after that many bytes (-1: none) */
static void read_until(int fd, struct result *r, long long limit, long long deadline_ns)
{
	char buf[65536];

	while (!timed_out && (limit < 0 || r->bytes_read < limit)) {
		if (deadline_ns) {
			long long left = deadline_ns - now_ns();
			if (left <= 0)
				return;
			struct pollfd pfd = { fd, POLLIN, 0 };
			int p = poll(&pfd, 1, (int)(left / 1000000) + 1);
			if (p == 0)
				continue;
			if (p < 0 && errno != EINTR) {
				note_error(r, errno);
				return;
			}
		}
		size_t want = sizeof(buf);
		if (limit >= 0 && (long long)want > limit - r->bytes_read)
			want = (size_t)(limit - r->bytes_read);
		ssize_t n = read(fd, buf, want);
		if (n == 0)
			return;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			note_error(r, errno);
			return;
		}
		r->bytes_read += n;
	}
}

static int write_all(int fd, long long bytes, struct result *r)
{
	char buf[65536];

	memset(buf, 'x', sizeof(buf));
	while (bytes > 0 && !timed_out) {
		size_t chunk = bytes < (long long)sizeof(buf) ? (size_t)bytes : sizeof(buf);
		ssize_t n = write(fd, buf, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			note_error(r, errno);
			return -1;
		}
		bytes -= n;
	}
	return bytes > 0 ? -1 : 0;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !timed_out)
		;
}

struct options {
	char role;
	const char *connect_ip;
	int port;
	long long request_bytes, response_bytes;
	double close_delay, linger_timeout, time_limit;
	const char *strategy;
	const char *result_path;
	int mss;
};

static int run_b(const struct options *o, struct result *r)
{
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port) };

	set_int(ls, SOL_SOCKET, SO_REUSEADDR, 1);
	if (o->mss > 0)
		set_int(ls, IPPROTO_TCP, TCP_MAXSEG, o->mss);
	if (bind(ls, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(ls, 1) < 0) {
		perror("td-app b: bind/listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	int fd = accept(ls, NULL, NULL);
	if (fd < 0) {
		perror("td-app b: accept");
		return 1;
	}
	close(ls);
	set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
	read_until(fd, r, o->request_bytes, 0);
	if (!r->read_error && !timed_out)
		write_all(fd, o->response_bytes, r);
	if (!r->read_error && !timed_out)
		read_until(fd, r, -1, 0); /* until A's FIN */
	r->close_ns = now_ns();
	close(fd);
	return 0;
}

static int run_a(const struct options *o, struct result *r)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port) };
	const char *s = o->strategy;
	int corked = o->close_delay <= 0.0 && strcmp(s, "abortive") != 0;

	if (inet_pton(AF_INET, o->connect_ip, &addr.sin_addr) != 1) {
		fprintf(stderr, "td-app a: bad address %s\n", o->connect_ip);
		return 2;
	}
	set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
	if (o->mss > 0)
		set_int(fd, IPPROTO_TCP, TCP_MAXSEG, o->mss);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		note_error(r, errno);
		perror("td-app a: connect");
		return 1;
	}
	if (corked)
		set_int(fd, IPPROTO_TCP, TCP_CORK, 1);
	write_all(fd, o->request_bytes, r);
	if (o->close_delay > 0.0)
		sleep_s(o->close_delay);
	r->close_ns = now_ns();
	if (strcmp(s, "half-close") == 0 || strcmp(s, "lingering") == 0) {
		shutdown(fd, SHUT_WR);
		if (corked)
			set_int(fd, IPPROTO_TCP, TCP_CORK, 0);
		long long deadline = 0;
		if (strcmp(s, "lingering") == 0)
			deadline = r->close_ns + (long long)(o->linger_timeout * 1e9);
		read_until(fd, r, -1, deadline);
		close(fd);
	} else if (strcmp(s, "full-close") == 0) {
		close(fd);
	} else { /* abortive */
		struct linger l = { 1, 0 };
		if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0)
			perror("td-app: SO_LINGER");
		close(fd);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: td-app a|b [--connect IP] [--port P] [--requestBytes N]\n"
			"       [--responseBytes N] [--closeDelay S] [--strategy S]\n"
			"       [--lingerTimeout S] [--timeLimit S] [--mss N] --result FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "requestBytes", required_argument, NULL, 'Q' },
		{ "responseBytes", required_argument, NULL, 'R' },
		{ "closeDelay", required_argument, NULL, 'd' },
		{ "strategy", required_argument, NULL, 's' },
		{ "lingerTimeout", required_argument, NULL, 'L' },
		{ "timeLimit", required_argument, NULL, 't' },
		{ "result", required_argument, NULL, 'o' },
		{ "mss", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .port = 5001, .request_bytes = 100, .response_bytes = 5000,
			     .linger_timeout = 1.0, .time_limit = 20.0, .strategy = "half-close" };
	struct result r = { 0 };
	int opt;

	if (argc < 2 || (strcmp(argv[1], "a") != 0 && strcmp(argv[1], "b") != 0))
		usage();
	o.role = argv[1][0];
	optind = 2;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': o.connect_ip = optarg; break;
		case 'p': o.port = atoi(optarg); break;
		case 'Q': o.request_bytes = atoll(optarg); break;
		case 'R': o.response_bytes = atoll(optarg); break;
		case 'd': o.close_delay = atof(optarg); break;
		case 's': o.strategy = optarg; break;
		case 'L': o.linger_timeout = atof(optarg); break;
		case 't': o.time_limit = atof(optarg); break;
		case 'o': o.result_path = optarg; break;
		case 'm': o.mss = atoi(optarg); break;
		default: usage();
		}
	}
	if (!o.result_path || (o.role == 'a' && !o.connect_ip))
		usage();
	if (strcmp(o.strategy, "half-close") && strcmp(o.strategy, "full-close") &&
	    strcmp(o.strategy, "abortive") && strcmp(o.strategy, "lingering")) {
		fprintf(stderr, "td-app: unknown strategy %s\n", o.strategy);
		return 2;
	}
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART: calls return EINTR */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	alarm((unsigned)(o.time_limit + 0.999));

	int rc = o.role == 'a' ? run_a(&o, &r) : run_b(&o, &r);
	FILE *f = fopen(o.result_path, "w");
	if (!f) {
		perror("td-app: result");
		return 1;
	}
	fprintf(f, "role=%c bytes_read=%lld reset=%d read_error=%d close_ns=%lld exit_ns=%lld timed_out=%d\n",
		o.role, r.bytes_read, r.reset, r.read_error, r.close_ns, now_ns(), (int)timed_out);
	fclose(f);
	return rc;
}

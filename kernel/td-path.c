/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * td-path: the A <-> B path of the kernel harness, run in the middle
 * namespace R. Every TCP segment that R forwards reaches this program through
 * NFQUEUE; it decides at once whether the segment is dropped (drop rules of
 * the model's --drop syntax, then random loss), holds it for the one-way
 * delay and only then issues the verdict (accept or drop), so a dropped
 * segment "arrives" and is lost at the same time as in the model.
 *
 * One line per segment goes to the log (--log):
 *   arrival_ns verdict_ns dir flags seq ack len verdict cause
 * with times from CLOCK_REALTIME (the clock tcpdump stamps packets with),
 * raw sequence numbers, verdict "accept" or "drop", cause "-" when accepted.
 *
 * A is the side with address --addrA; segments from it are a2b. Only the
 * segments to or from B's --port are counted and logged; others (left over
 * from an earlier run) pass at once.
 */
#define _GNU_SOURCE /* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { A2B = 0, B2A = 1 };
enum { F_FIN = 0x01, F_SYN = 0x02, F_RST = 0x04, F_PSH = 0x08, F_ACK = 0x10 };

enum kind { K_ANY, K_FIN, K_ACK_OF_FIN, K_DATA, K_LAST_DATA, K_SYN, K_RST };

struct rule {
	int dir;
	enum kind kind;
	unsigned first, last; /* last == 0: all */
	unsigned matches;
	char text[64];
};

struct held {
	uint32_t id;
	int64_t due_ns;
	int accept;
};

#define MAX_RULES 32

static struct rule rules[MAX_RULES];
static int n_rules;
static double loss[2];
static uint64_t rng_state[2];
static int64_t delay_ns = 10000000;
static uint32_t addr_a;
static int port; /* 0: every port */
static uint32_t request_bytes = 100, response_bytes = 5000;
static FILE *log_file;

/* what the path has seen of each direction */
static int syn_seen[2], fin_seen[2], close_started;
static uint32_t isn[2], fin_next[2];

static struct held *queue;
static size_t q_head, q_tail, q_cap;

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* splitmix64: small, reproducible from the seed, one stream per direction */
static double uniform(int dir)
{
	uint64_t z = (rng_state[dir] += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static int parse_kind(const char *s, enum kind *k)
{
	static const struct { const char *name; enum kind kind; } names[] = {
		{ "any", K_ANY }, { "fin", K_FIN }, { "ack-of-fin", K_ACK_OF_FIN },
		{ "data", K_DATA }, { "last-data", K_LAST_DATA }, { "syn", K_SYN },
		{ "rst", K_RST },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
		if (strcmp(s, names[i].name) == 0) {
			*k = names[i].kind;
			return 0;
		}
	}
	return -1;
}

/* one rule DIR:KIND:WHICH; returns 0 or -1 */
static int parse_rule(const char *text, struct rule *r)
{
	char buf[64], *dir, *kind, *which, *dash, *end;

	if (strlen(text) >= sizeof(buf))
		return -1;
	strcpy(buf, text);
	strcpy(r->text, text);
	dir = strtok(buf, ":");
	kind = strtok(NULL, ":");
	which = strtok(NULL, ":");
	if (!dir || !kind || !which || strtok(NULL, ":"))
		return -1;
	if (strcmp(dir, "a2b") == 0)
		r->dir = A2B;
	else if (strcmp(dir, "b2a") == 0)
		r->dir = B2A;
	else
		return -1;
	if (parse_kind(kind, &r->kind))
		return -1;
	if (strcmp(which, "all") == 0) {
		r->first = 1;
		r->last = 0;
		return 0;
	}
	r->first = (unsigned)strtoul(which, &end, 10);
	if (end == which || r->first == 0)
		return -1;
	dash = end;
	if (*dash == '\0') {
		r->last = r->first;
		return 0;
	}
	if (*dash != '-')
		return -1;
	r->last = (unsigned)strtoul(dash + 1, &end, 10);
	if (end == dash + 1 || *end || r->last < r->first)
		return -1;
	return 0;
}

static int parse_rules(const char *text)
{
	char *copy = strdup(text), *save = NULL;

	for (char *part = strtok_r(copy, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		if (!*part)
			continue;
		if (n_rules == MAX_RULES || parse_rule(part, &rules[n_rules])) {
			fprintf(stderr, "td-path: bad drop rule '%s'\n", part);
			free(copy);
			return -1;
		}
		++n_rules;
	}
	free(copy);
	return 0;
}

struct segment {
	int dir;
	uint16_t sport, dport;
	uint8_t flags;
	uint32_t seq, ack, len;
};

static int is_kind(enum kind k, const struct segment *s)
{
	int peer = 1 - s->dir;
	uint32_t end;

	switch (k) {
	case K_ANY:
		return 1;
	case K_FIN:
		return s->flags & F_FIN;
	case K_SYN:
		return s->flags & F_SYN;
	case K_RST:
		return s->flags & F_RST;
	case K_DATA:
		return s->len > 0;
	case K_LAST_DATA:
		end = isn[s->dir] + 1 + (s->dir == A2B ? request_bytes : response_bytes);
		return s->len > 0 && syn_seen[s->dir] && s->seq + s->len == end;
	case K_ACK_OF_FIN:
		return (s->flags & (F_FIN | F_SYN | F_RST | F_ACK)) == F_ACK && s->len == 0 &&
		       fin_seen[peer] && s->ack == fin_next[peer] + 1;
	}
	return 0;
}

/* the fate of one segment, in arrival order; cause is set when dropped */
static int decide(const struct segment *s, const char **cause)
{
	int drop = 0;

	if ((s->flags & F_SYN) && !syn_seen[s->dir]) {
		syn_seen[s->dir] = 1;
		isn[s->dir] = s->seq;
	}
	if (s->flags & F_FIN) {
		fin_seen[s->dir] = 1;
		fin_next[s->dir] = s->seq + s->len;
		if (s->dir == A2B)
			close_started = 1; /* lossScope close: loss from A's first FIN on */
	}
	for (int i = 0; i < n_rules; ++i) {
		struct rule *r = &rules[i];
		if (r->dir != s->dir || !is_kind(r->kind, s))
			continue;
		unsigned count = ++r->matches;
		if (!drop && count >= r->first && (r->last == 0 || count <= r->last)) {
			drop = 1;
			*cause = r->text;
		}
	}
	if (!drop && close_started && loss[s->dir] > 0.0 && uniform(s->dir) < loss[s->dir]) {
		drop = 1;
		*cause = "random";
	}
	return drop;
}

static int parse_packet(const unsigned char *p, int n, struct segment *s)
{
	int ihl, doff;
	uint32_t src;

	if (n < 20 || (p[0] >> 4) != 4 || p[9] != 6)
		return -1;
	ihl = (p[0] & 0x0f) * 4;
	if (n < ihl + 20)
		return -1;
	memcpy(&src, p + 12, 4);
	s->dir = src == addr_a ? A2B : B2A;
	const unsigned char *t = p + ihl;
	doff = (t[12] >> 4) * 4;
	s->sport = (uint16_t)(t[0] << 8 | t[1]);
	s->dport = (uint16_t)(t[2] << 8 | t[3]);
	s->seq = ntohl(*(const uint32_t *)(const void *)(t + 4));
	s->ack = ntohl(*(const uint32_t *)(const void *)(t + 8));
	s->flags = t[13];
	s->len = ((unsigned)p[2] << 8 | p[3]) - ihl - doff;
	return 0;
}

static void push(uint32_t id, int64_t due, int accept)
{
	if (q_tail == q_cap) {
		if (q_head > 0) {
			memmove(queue, queue + q_head, (q_tail - q_head) * sizeof(*queue));
			q_tail -= q_head;
			q_head = 0;
		} else {
			q_cap = q_cap ? 2 * q_cap : 256;
			queue = realloc(queue, q_cap * sizeof(*queue));
			if (!queue) {
				perror("td-path: realloc");
				exit(1);
			}
		}
	}
	queue[q_tail++] = (struct held){ id, due, accept };
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa,
		     void *data)
{
	struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
	unsigned char *payload;
	int n = nfq_get_payload(nfa, &payload);
	struct segment s;
	const char *cause = "-";
	int64_t t = now_ns();

	(void)msg;
	(void)data;
	if (!ph)
		return 0;
	uint32_t id = ntohl(ph->packet_id);
	if (parse_packet(payload, n, &s) || (port && s.sport != port && s.dport != port)) {
		nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
		return 0;
	}
	int drop = decide(&s, &cause);
	push(id, t + delay_ns, !drop);
	fprintf(log_file, "%lld %lld %s %u %u %u %u %s %s\n", (long long)t,
		(long long)(t + delay_ns), s.dir == A2B ? "a2b" : "b2a", s.flags, s.seq, s.ack,
		s.len, drop ? "drop" : "accept", cause);
	fflush(log_file);
	return 0;
}

static void release_due(struct nfq_q_handle *qh, int64_t now)
{
	while (q_head < q_tail && queue[q_head].due_ns <= now) {
		nfq_set_verdict(qh, queue[q_head].id, queue[q_head].accept ? NF_ACCEPT : NF_DROP,
				0, NULL);
		++q_head;
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: td-path --addrA IP --log FILE [--port P] [--queue N] [--delay S] [--drop RULES]\n"
		"               [--lossA2B P] [--lossB2A P] [--seed N] [--requestBytes N]\n"
		"               [--responseBytes N] [--timeLimit S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addrA", required_argument, NULL, 'a' },
		{ "log", required_argument, NULL, 'l' },
		{ "queue", required_argument, NULL, 'q' },
		{ "port", required_argument, NULL, 'p' },
		{ "delay", required_argument, NULL, 'd' },
		{ "drop", required_argument, NULL, 'r' },
		{ "lossA2B", required_argument, NULL, 'x' },
		{ "lossB2A", required_argument, NULL, 'y' },
		{ "seed", required_argument, NULL, 's' },
		{ "requestBytes", required_argument, NULL, 'Q' },
		{ "responseBytes", required_argument, NULL, 'R' },
		{ "timeLimit", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *log_path = NULL;
	int queue_num = 0, opt;
	double time_limit = 60.0;
	uint64_t seed = 1;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if (inet_pton(AF_INET, optarg, &addr_a) != 1)
				usage();
			break;
		case 'l':
			log_path = optarg;
			break;
		case 'q':
			queue_num = atoi(optarg);
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'd':
			delay_ns = (int64_t)(atof(optarg) * 1e9);
			break;
		case 'r':
			if (parse_rules(optarg))
				return 2;
			break;
		case 'x':
			loss[A2B] = atof(optarg);
			break;
		case 'y':
			loss[B2A] = atof(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'Q':
			request_bytes = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'R':
			response_bytes = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 't':
			time_limit = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (!log_path || !addr_a)
		usage();
	rng_state[A2B] = seed * 2;
	rng_state[B2A] = seed * 2 + 1;
	log_file = fopen(log_path, "w");
	if (!log_file) {
		perror("td-path: log");
		return 1;
	}

	struct nfq_handle *h = nfq_open();
	if (!h) {
		perror("td-path: nfq_open");
		return 1;
	}
	struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue_num, on_packet, NULL);
	if (!qh) {
		perror("td-path: nfq_create_queue");
		return 1;
	}
	if (nfq_set_mode(qh, NFQNL_COPY_PACKET, 128) < 0) {
		perror("td-path: nfq_set_mode");
		return 1;
	}
	nfq_set_queue_maxlen(qh, 4096);
	/* the delay's precision: a 1 ns timer slack and, where allowed, a real-time priority */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	struct sched_param sp = { .sched_priority = 10 };
	if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0)
		perror("td-path: SCHED_FIFO (the delay is less precise)");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	int fd = nfq_fd(h);
	int64_t deadline = now_ns() + (int64_t)(time_limit * 1e9);
	printf("ready\n");
	fflush(stdout);

	char buf[4096] __attribute__((aligned));
	while (!stop) {
		int64_t now = now_ns();
		if (now >= deadline)
			break;
		release_due(qh, now);
		int64_t wait = deadline - now;
		if (q_head < q_tail && queue[q_head].due_ns - now < wait)
			wait = queue[q_head].due_ns - now;
		struct timespec ts = { (time_t)(wait / 1000000000), (long)(wait % 1000000000) };
		struct pollfd pfd = { fd, POLLIN, 0 };
		int r = ppoll(&pfd, 1, &ts, NULL);
		if (r < 0 && errno != EINTR) {
			perror("td-path: poll");
			break;
		}
		if (r > 0) {
			ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (n > 0)
				nfq_handle_packet(h, buf, (int)n);
			else if (n < 0 && errno == ENOBUFS)
				fprintf(stderr, "td-path: queue overrun (ENOBUFS)\n");
		}
	}
	/* let what is still held go, so nothing stays queued in the kernel */
	release_due(qh, INT64_MAX);
	nfq_destroy_queue(qh);
	nfq_close(h);
	fclose(log_file);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * soe_uring: a setsockopt made through io_uring (IORING_OP_URING_CMD with
 * SOCKET_URING_OP_SETSOCKOPT, Linux 6.7 and later).  The hook is reached
 * from io_uring_enter(2), not from setsockopt(2): the event must say
 * "io_uring", with fd -1 and no value, and still name the socket.  On an
 * older kernel it prints a SKIP line and no expectation.
 *
 * Then a setsockopt that io_uring makes as task work on the way out of
 * another setsockopt of the same task, with the same level and optname:
 * a poll on a TCP socket, linked to the io_uring setsockopt on a UDP socket,
 * is woken by the first setsockopt(SO_RCVLOWAT) itself (TCP signals
 * EPOLLIN at once when the new low-water mark is met).  The syscall's
 * registers then name the TCP socket's fd and value: the UDP socket's event
 * must not take them (fd -1, syscall "unknown", no value).
 *
 * Raw syscalls: Debian 12's uapi headers predate the setsockopt command, so
 * the submission entry is written by offset (include/uapi/linux/io_uring.h
 * of 6.7: cmd_op at 8, level at 16, optname at 20, optlen at 44, optval at
 * 48).
 */
#include "expect.h"

#include <linux/io_uring.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "tap.h"

#define OP_URING_CMD		46
#define SOCKET_OP_SETSOCKOPT	3
#define OP_POLL_ADD		6
#define SQE_IO_LINK		(1U << 2)

static int ring_fd;
static unsigned char *sqes;
static unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
static struct io_uring_cqe *cqes;

static void ring_setup(void)
{
	struct io_uring_params p;
	unsigned char *sq, *cq;

	memset(&p, 0, sizeof(p));
	ring_fd = syscall(__NR_io_uring_setup, 4, &p);
	if (ring_fd < 0)
		soe_die("io_uring_setup");
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring_fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring_fd,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * 64, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, ring_fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		soe_die("mmap io_uring");
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
}

/* The next submission entry, zeroed, with its opcode, flags and fd. */
static unsigned char *next_sqe(int op, int flags, int fd)
{
	unsigned int tail = *sq_tail, idx = tail & *sq_mask;
	unsigned char *sqe = sqes + idx * 64;

	memset(sqe, 0, 64);
	sqe[0] = op;
	sqe[1] = flags;
	memcpy(sqe + 4, &fd, 4);
	sq_array[idx] = idx;
	__atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);
	return sqe;
}

static void put_setsockopt(int flags, int fd, int level, int optname,
			   const void *val, socklen_t len)
{
	unsigned char *sqe = next_sqe(OP_URING_CMD, flags, fd);
	unsigned long long optval = (unsigned long)val;
	unsigned int u32 = SOCKET_OP_SETSOCKOPT;

	memcpy(sqe + 8, &u32, 4);
	memcpy(sqe + 16, &level, 4);
	memcpy(sqe + 20, &optname, 4);
	memcpy(sqe + 44, &len, 4);
	memcpy(sqe + 48, &optval, 8);
}

/* Submit what is queued, wait for want completions, consume them all. */
static void enter(unsigned int submit, unsigned int want)
{
	if (syscall(__NR_io_uring_enter, ring_fd, submit, want,
		    want ? IORING_ENTER_GETEVENTS : 0, NULL, 0) < 0)
		soe_die("io_uring_enter");
	if (want)
		__atomic_store_n(cq_head,
				 __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
}

/* As setsockopt() returns: the completion's res is 0 or -errno. */
static int uring_setsockopt(int fd, int level, int optname, const void *val,
			    socklen_t len)
{
	unsigned int head = *cq_head;
	int res;

	put_setsockopt(0, fd, level, optname, val, len);
	enter(1, 1);
	res = cqes[head & *cq_mask].res;
	if (res < 0) {
		errno = -res;
		return -1;
	}
	return 0;
}

/* The call was made by the kernel already: set_opt() only describes it. */
static int no_call(int fd, int level, int optname, const void *val,
		   socklen_t len)
{
	(void)fd, (void)level, (void)optname, (void)val, (void)len;
	return 0;
}

/*
 * A TCP socket with one byte waiting below its low-water mark, and a poll
 * on it linked to an io_uring setsockopt on a UDP socket; then the
 * setsockopt(SO_RCVLOWAT) that wakes the poll.
 */
static void task_work_case(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);
	struct timespec before;
	int lis, cli, tcp, udp, one = 1, seven = 7;
	unsigned char *sqe;
	unsigned int pending;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lis = socket(AF_INET, SOCK_STREAM, 0);
	cli = socket(AF_INET, SOCK_STREAM, 0);
	if (lis < 0 || cli < 0 || bind(lis, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lis, 1) || getsockname(lis, (struct sockaddr *)&sin, &sl) ||
	    connect(cli, (struct sockaddr *)&sin, sizeof(sin)))
		soe_die("tcp pair");
	tcp = accept(lis, NULL, NULL);
	udp = expect_socket(AF_INET, SOCK_DGRAM, 0);
	if (tcp < 0 || write(cli, "x", 1) != 1)
		soe_die("accept/write");
	do
		usleep(1000);
	while (ioctl(tcp, FIONREAD, &pending) == 0 && pending < 1);

	soe_call = (soe_setsockopt_fn)setsockopt;
	set_opt(tcp, SOL_SOCKET, SO_RCVLOWAT, &(int){ 100 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVLOWAT", "100",
			       "IPPROTO_TCP", "ESTABLISHED" });
	sqe = next_sqe(OP_POLL_ADD, SQE_IO_LINK, tcp);
	memcpy(sqe + 28, &(unsigned int){ POLLIN }, 4);
	put_setsockopt(0, udp, SOL_SOCKET, SO_RCVLOWAT, &seven, sizeof(seven));
	enter(2, 0);
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) != *cq_head) {
		tap_fail("io_uring-task-work-setup", "the poll completed at once");
		exit(1);
	}

	clock_gettime(CLOCK_REALTIME, &before);
	set_opt(tcp, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof(one),
		&(struct opt){ "SOL_SOCKET", "SO_RCVLOWAT", "1",
			       "IPPROTO_TCP", "ESTABLISHED" });
	enter(0, 2);
	soe_call = no_call;
	soe_before = &before;
	set_opt(udp, SOL_SOCKET, SO_RCVLOWAT, &seven, sizeof(seven),
		&(struct opt){ "SOL_SOCKET", "SO_RCVLOWAT", "null",
			       "IPPROTO_UDP", "CLOSE", .syscall = "unknown",
			       .no_call_args = 1 });
	soe_before = NULL;
	close(udp);
	close(tcp);
	close(cli);
	close(lis);
}

int main(void)
{
	struct utsname u;
	int major = 0, minor = 0, fd;

	uname(&u);
	sscanf(u.release, "%d.%d", &major, &minor);
	if (major < 6 || (major == 6 && minor < 7)) {
		tap_skip("io_uring-setsockopt", "needs Linux 6.7, this is %s",
		       u.release);
		return 0;
	}
	prctl(PR_SET_NAME, "soe_uring");
	expect_init();
	ring_setup();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		soe_die("socket");
	soe_call = uring_setsockopt;
	set_opt(fd, SOL_SOCKET, SO_KEEPALIVE, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_KEEPALIVE", "null",
			       "IPPROTO_TCP", "CLOSE", .syscall = "io_uring",
			       .no_call_args = 1 });
	/* A call that fails: its result is the completion's error. */
	set_opt(fd, SOL_SOCKET, 9999, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "9999", "null",
			       "IPPROTO_TCP", "CLOSE", .syscall = "io_uring",
			       .no_call_args = 1 });
	close(fd);
	task_work_case();
	return 0;
}

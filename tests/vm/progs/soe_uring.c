// SPDX-License-Identifier: GPL-2.0
/*
 * soe_uring: a setsockopt made through io_uring (IORING_OP_URING_CMD with
 * SOCKET_URING_OP_SETSOCKOPT, Linux 6.7 and later).  The hook is reached
 * from io_uring_enter(2), not from setsockopt(2): the event must say
 * "io_uring", with fd -1 and no value, and still name the socket.  On an
 * older kernel it prints a SKIP line and no expectation.
 *
 * Raw syscalls: Debian 12's uapi headers predate the setsockopt command, so
 * the submission entry is written by offset (include/uapi/linux/io_uring.h
 * of 6.7: cmd_op at 8, level at 16, optname at 20, optlen at 44, optval at
 * 48).
 */
#include "expect.h"

#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#define OP_URING_CMD		46
#define SOCKET_OP_SETSOCKOPT	3

static int ring_fd;
static unsigned char *sqes;
static unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail;

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
}

static int uring_setsockopt(int fd, int level, int optname, const void *val,
			    socklen_t len)
{
	unsigned int tail = *sq_tail, idx = tail & *sq_mask;
	unsigned char *sqe = sqes + idx * 64;
	unsigned long long optval = (unsigned long)val;
	unsigned int u32;

	memset(sqe, 0, 64);
	sqe[0] = OP_URING_CMD;
	memcpy(sqe + 4, &fd, 4);
	u32 = SOCKET_OP_SETSOCKOPT;
	memcpy(sqe + 8, &u32, 4);
	memcpy(sqe + 16, &level, 4);
	memcpy(sqe + 20, &optname, 4);
	memcpy(sqe + 44, &len, 4);
	memcpy(sqe + 48, &optval, 8);
	sq_array[idx] = idx;
	__atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring_fd, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		soe_die("io_uring_enter");
	__atomic_store_n(cq_head, __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
	return 0;
}

int main(void)
{
	struct utsname u;
	int major = 0, minor = 0, fd;

	uname(&u);
	sscanf(u.release, "%d.%d", &major, &minor);
	if (major < 6 || (major == 6 && minor < 7)) {
		printf("ok - io_uring-setsockopt # SKIP needs Linux 6.7, this is %s\n",
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
	close(fd);
	return 0;
}

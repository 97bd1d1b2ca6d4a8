// SPDX-License-Identifier: GPL-2.0
/*
 * soe_empty_kprobe: a kprobe whose handler does nothing, on the symbol
 * sockopt_events probes.  `make bench` loads it to measure the floor of any
 * kprobe-based design: what the kernel spends reaching a handler and coming
 * back, with nothing gathered and nothing stored.
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static char *symbol = "security_socket_setsockopt";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "The function to probe (default: security_socket_setsockopt)");

static int empty_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe empty_kp = {
	.pre_handler = empty_pre_handler,
};

static int __init empty_init(void)
{
	int ret;

	empty_kp.symbol_name = symbol;
	ret = register_kprobe(&empty_kp);
	if (ret) {
		pr_err("cannot probe %s: register_kprobe failed (%d)\n",
		       symbol, ret);
		return ret;
	}
	return 0;
}

static void __exit empty_exit(void)
{
	unregister_kprobe(&empty_kp);
}

module_init(empty_init);
module_exit(empty_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("An empty kprobe: the baseline for sockopt_events' bench");

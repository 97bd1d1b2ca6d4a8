// SPDX-License-Identifier: GPL-2.0
/*
 * sockopt_events: records every setsockopt() that reaches the LSM hook
 * security_socket_setsockopt() and serves the records through
 * /dev/sockopt_events.  See uapi/sockopt_events.h for the record.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/log2.h>
#include <linux/sizes.h>

#include "soe.h"

#define SOE_RECORDS_MIN 16U
#define SOE_RECORDS_MAX SZ_1M

/*
 * The handler reads the hook's arguments, (socket, level, optname): pointed
 * at any other function it would take an int for a pointer.  So the probed
 * function is not a parameter.
 */
#define SOE_HOOK "security_socket_setsockopt"

static unsigned int buffer_records = 4096;
module_param(buffer_records, uint, 0444);
MODULE_PARM_DESC(buffer_records,
		 "Ring capacity in records: a power of two from 16 to 1048576 (default: 4096)");

static int __init soe_init(void)
{
	int ret;

	if (buffer_records < SOE_RECORDS_MIN ||
	    buffer_records > SOE_RECORDS_MAX ||
	    !is_power_of_2(buffer_records)) {
		pr_err("buffer_records=%u: must be a power of two from %u to %u\n",
		       buffer_records, SOE_RECORDS_MIN, SOE_RECORDS_MAX);
		ret = -EINVAL;
		goto err_free_filter;
	}

	ret = soe_ring_init(buffer_records);
	if (ret)
		goto err_free_filter;
	ret = soe_result_init();
	if (ret)
		goto err_free_ring;
	ret = soe_probe_init(SOE_HOOK);
	if (ret)
		goto err_remove_result;
	ret = soe_dev_register();
	if (ret)
		goto err_remove_probe;
	return 0;

err_remove_probe:
	soe_probe_exit();
err_remove_result:
	soe_result_exit();
err_free_ring:
	soe_ring_free();
err_free_filter:
	soe_filter_exit();
	return ret;
}

static void __exit soe_exit(void)
{
	soe_dev_unregister();
	soe_probe_exit();
	soe_result_exit();
	soe_ring_free();
	soe_filter_exit();
}

module_init(soe_init);
module_exit(soe_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Records setsockopt() calls seen by the LSM hook");
MODULE_VERSION("0.1.0");

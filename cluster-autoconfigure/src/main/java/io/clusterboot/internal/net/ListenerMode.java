package io.clusterboot.internal.net;

/**
 * How workers share the port of the cluster.
 *
 * @author ClusterBoot team
 */
public enum ListenerMode {

	/**
	 * The master owns the one listening socket and every worker serves a duplicate of it
	 * on its standard input. A retiring worker leaves queued connections to the others.
	 */
	SHARED,

	/**
	 * Every worker binds its own socket with {@code SO_REUSEPORT}. The kernel resets the
	 * connections queued on a worker's socket when that worker retires, unless
	 * {@code net.ipv4.tcp_migrate_req} is 1.
	 */
	REUSE_PORT

}

package io.clusterboot.internal.session;

/**
 * What the master's session store holds and what it dropped since the master started.
 *
 * @param sessions the sessions held
 * @param bytes their total size, in bytes
 * @param maxBytes the most the store holds before it evicts sessions, in bytes
 * @param maxSessionBytes the largest session it keeps, in bytes
 * @param evicted the sessions evicted to stay within {@code maxBytes}
 * @param expired the sessions that expired: no request for their inactive interval
 * @param rejected the saves refused because the session would have been larger than
 * {@code maxSessionBytes}
 * @author ClusterBoot team
 */
public record SessionStoreStatistics(long sessions, long bytes, long maxBytes, int maxSessionBytes, long evicted,
		long expired, long rejected) {
}

package io.clusterboot.leader;

/**
 * Whether this process holds the cluster's leadership. The master grants it to exactly
 * one ready worker and moves it when that worker drains, dies or is replaced; the next
 * worker gets it only after the previous one released it or is gone. A single process
 * (cluster disabled, tests) is always the leader.
 * <p>
 * Changes are also published as {@link LeadershipGrantedEvent} and
 * {@link LeadershipRevokedEvent}. Methods annotated with {@link ClusterLeaderOnly} run
 * only while this process is the leader.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public interface ClusterLeadership {

	/**
	 * Returns whether this process is the leader now.
	 * @return {@code true} if it is the leader
	 */
	boolean isLeader();

	/**
	 * Starts a piece of work that must run on the leader only, if this process is the
	 * leader. Leadership is not released while such work runs. Every {@code true} must
	 * be followed by {@link #endLeaderWork()}.
	 * @return {@code true} if the work may run
	 */
	boolean beginLeaderWork();

	/**
	 * Ends a piece of work started with {@link #beginLeaderWork()}.
	 */
	void endLeaderWork();

}

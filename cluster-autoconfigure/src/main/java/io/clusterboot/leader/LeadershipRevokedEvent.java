package io.clusterboot.leader;

/**
 * Published when this process stops being the cluster's leader.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class LeadershipRevokedEvent extends LeadershipEvent {

	/**
	 * Creates a new event.
	 * @param source the leadership
	 */
	public LeadershipRevokedEvent(ClusterLeadership source) {
		super(source);
	}

}

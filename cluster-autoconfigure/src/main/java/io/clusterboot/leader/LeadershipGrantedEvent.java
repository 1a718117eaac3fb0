package io.clusterboot.leader;

/**
 * Published when this process becomes the cluster's leader.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class LeadershipGrantedEvent extends LeadershipEvent {

	/**
	 * Creates a new event.
	 * @param source the leadership
	 */
	public LeadershipGrantedEvent(ClusterLeadership source) {
		super(source);
	}

}

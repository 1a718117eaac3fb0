package io.clusterboot.leader;

import org.springframework.context.ApplicationEvent;

/**
 * A change of this process's leadership.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public abstract class LeadershipEvent extends ApplicationEvent {

	/**
	 * Creates a new event.
	 * @param source the leadership
	 */
	protected LeadershipEvent(ClusterLeadership source) {
		super(source);
	}

	/**
	 * Returns the leadership.
	 * @return the leadership
	 */
	public ClusterLeadership getLeadership() {
		return (ClusterLeadership) getSource();
	}

}

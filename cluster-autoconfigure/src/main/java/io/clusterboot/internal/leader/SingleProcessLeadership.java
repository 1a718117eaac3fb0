package io.clusterboot.internal.leader;

import io.clusterboot.leader.ClusterLeadership;

/**
 * The leadership of an application that runs as a single process: it is always the
 * leader, so that leader-only work runs in tests and with the cluster disabled.
 *
 * @author ClusterBoot team
 */
public class SingleProcessLeadership implements ClusterLeadership {

	@Override
	public boolean isLeader() {
		return true;
	}

	@Override
	public boolean beginLeaderWork() {
		return true;
	}

	@Override
	public void endLeaderWork() {
	}

}

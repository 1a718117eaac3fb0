package io.clusterboot.internal.jarmode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import io.clusterboot.internal.ipc.MasterDirectory;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.UpgradeState;

/**
 * Follows a master upgrade for {@code upgrade --wait}: in the status of the master it
 * replaces until that master goes, which it does as soon as its workers drained once the
 * new master took over, and then in the status of the new master, which shows whether it
 * took over. The new master is the one the upgrade reported, whose control directory
 * names the replaced master as its predecessor.
 *
 * @author ClusterBoot team
 */
final class UpgradeProgress implements Progress<ClusterStatus.Upgrade>, AutoCloseable {

	private final MasterSession replaced;

	private final MasterSelection masters;

	private final Duration replyTimeout;

	private final PrintStream err;

	private MasterSession successor;

	/**
	 * Creates the progress of an upgrade.
	 * @param replaced the session with the master the upgrade replaces
	 * @param masters finds the new master
	 * @param replyTimeout how long to wait for each reply of the new master
	 * @param err where the note that the new master is asked goes
	 */
	UpgradeProgress(MasterSession replaced, MasterSelection masters, Duration replyTimeout, PrintStream err) {
		this.replaced = replaced;
		this.masters = masters;
		this.replyTimeout = replyTimeout;
		this.err = err;
	}

	@Override
	public ClusterStatus.Upgrade after(ClusterStatus.Upgrade previous) throws CommandFailedException {
		if (this.successor == null) {
			try {
				ClusterStatus.Upgrade current = this.replaced.status().upgrade();
				return (current != null && current.id() == previous.id()) ? current : null;
			}
			catch (CommandFailedException ex) {
				if (ex.status() != ExitStatus.FAILED) {
					throw ex;
				}
				this.successor = connectToSuccessor(previous, ex.getMessage());
			}
		}
		ClusterStatus.Master successor;
		try {
			successor = this.successor.status().master();
		}
		catch (CommandFailedException ex) {
			throw unknown(previous, ex.getMessage());
		}
		if (successor.takingOverFrom() == null) {
			return new ClusterStatus.Upgrade(previous.id(), UpgradeState.SUCCEEDED, successor.pid(),
					previous.started(), null, null);
		}
		if (successor.stopping()) {
			return new ClusterStatus.Upgrade(previous.id(), UpgradeState.FAILED, successor.pid(), previous.started(),
					null, "it stops without having taken over");
		}
		return previous;
	}

	/**
	 * Connects to the new master once the replaced one went away.
	 * @param upgrade the upgrade as last seen
	 * @param failure how the replaced master went away, a sentence on the master
	 */
	private MasterSession connectToSuccessor(ClusterStatus.Upgrade upgrade, String failure)
			throws CommandFailedException {
		String gone = decapitalized(failure);
		MasterDirectory successor;
		try {
			successor = this.masters.findSuccessor(this.replaced.pid(), upgrade.pid());
		}
		catch (IOException ex) {
			throw unknown(upgrade, gone + ", and the masters cannot be listed: " + ex.getMessage());
		}
		if (successor == null) {
			throw unknown(upgrade, gone + ", and no new master of it runs");
		}
		try {
			MasterSession session = MasterSession.open(successor, this.replyTimeout);
			this.err.printf("Note: %s; new master pid %d tells how the upgrade ends%n", gone,
					successor.master().pid());
			return session;
		}
		catch (CommandFailedException ex) {
			throw unknown(upgrade, gone + ", and the new master cannot be asked: " + ex.getMessage());
		}
	}

	private CommandFailedException unknown(ClusterStatus.Upgrade upgrade, String why) {
		return new CommandFailedException(ExitStatus.FAILED, "Master upgrade " + upgrade.id()
				+ ": how it ended cannot be known: " + decapitalized(why) + "; see the masters' log");
	}

	private static String decapitalized(String sentence) {
		return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
	}

	@Override
	public void close() {
		if (this.successor != null) {
			this.successor.close();
		}
	}

}

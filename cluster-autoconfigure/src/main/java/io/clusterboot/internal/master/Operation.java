package io.clusterboot.internal.master;

import io.clusterboot.status.UpgradeState;

/**
 * The operation the cluster is in, which excludes the others: none, a rolling reload, a
 * master upgrade, or stopping, for good. It holds the rules that refuse a reload, a
 * scaling, an upgrade or a recycling on its account, in one place, with the reasons the
 * operator is told. A new master of an upgrade refuses the first three until it took
 * over from the master it replaces: its workers may forward the endpoint's requests to
 * it, and a reload would hold its take-over back until its upgrade failed.
 * <p>
 * The operation follows from the latest reload and upgrade, which say themselves whether
 * they still run, so that nothing has to end it: a reload or an upgrade that ended, one
 * way or the other, leaves the cluster in no operation.
 *
 * @author ClusterBoot team
 */
final class Operation {

	/**
	 * What the cluster does.
	 */
	enum Kind {

		/**
		 * It serves.
		 */
		NONE,

		/**
		 * A rolling reload runs.
		 */
		RELOAD,

		/**
		 * A master upgrade runs: a new master starts, and takes over or fails.
		 */
		UPGRADE,

		/**
		 * The cluster stops.
		 */
		STOPPING

	}

	private final Supervisor.Succession succession;

	private Reload reload;

	private Upgrade upgrade;

	private boolean stopping;

	private boolean tookOver;

	Operation(Supervisor.Succession succession) {
		this.succession = succession;
	}

	/**
	 * Returns what the cluster does now.
	 */
	Kind kind() {
		return this.stopping ? Kind.STOPPING
				: isReloadRunning() ? Kind.RELOAD : isUpgradeRunning() ? Kind.UPGRADE : Kind.NONE;
	}

	/**
	 * Records that a reload started.
	 */
	void started(Reload reload) {
		this.reload = reload;
	}

	/**
	 * Records that an upgrade started.
	 */
	void started(Upgrade upgrade) {
		this.upgrade = upgrade;
	}

	/**
	 * Records that the cluster stops: no reload or upgrade runs from now on.
	 */
	void stopping() {
		this.stopping = true;
	}

	/**
	 * Records that this master took over from the master it replaces, or that one is
	 * gone.
	 */
	void tookOver() {
		this.tookOver = true;
	}

	boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Returns the latest reload, which may have ended.
	 * @return the reload, or {@code null} if none ran
	 */
	Reload reload() {
		return this.reload;
	}

	/**
	 * Returns the latest master upgrade, which may have ended.
	 * @return the upgrade, or {@code null} if none ran
	 */
	Upgrade upgrade() {
		return this.upgrade;
	}

	boolean isReloadRunning() {
		return this.reload != null && this.reload.isRunning();
	}

	boolean isUpgradeRunning() {
		return this.upgrade != null && this.upgrade.isRunning();
	}

	/**
	 * Returns whether a worker is one the running reload started.
	 */
	boolean isReloading(Worker worker) {
		return isReloadRunning() && worker.generation() == this.reload.generation();
	}

	/**
	 * Returns whether this master serves on its own: it replaces none, or it took over
	 * from the one it replaces. Until then the other is the service manager's main
	 * process, and this one tells the service manager nothing.
	 */
	boolean isServingOnItsOwn() {
		return this.succession.predecessor() == null || this.tookOver;
	}

	/**
	 * Returns the pid of the master this one replaces, until it took over from it.
	 * @return the pid, or {@code null} once it took over, or if it replaces none
	 */
	Long takingOverFrom() {
		return isServingOnItsOwn() ? null : this.succession.predecessor();
	}

	/**
	 * Returns why a reload cannot start now, or {@code null}.
	 */
	String reloadRefusal() {
		return switch (kind()) {
			case STOPPING -> "the cluster is stopping";
			case UPGRADE -> this.upgrade + " runs";
			default -> isServingOnItsOwn() ? null : notTakenOverYet();
		};
	}

	/**
	 * Returns why the number of workers cannot change now, or {@code null}: the new
	 * master of an upgrade runs as many workers as this one ran when it started.
	 */
	String scalingRefusal() {
		return switch (kind()) {
			case STOPPING -> "The cluster is stopping";
			case UPGRADE -> this.upgrade + " runs; scale once it ended";
			default -> isServingOnItsOwn() ? null : capitalized(notTakenOverYet());
		};
	}

	/**
	 * Returns why a master upgrade cannot start now, or {@code null}.
	 */
	String upgradeRefusal() {
		if (kind() == Kind.STOPPING) {
			return "the cluster is stopping";
		}
		if (this.succession.upgradeUnavailable() != null) {
			return this.succession.upgradeUnavailable();
		}
		if (kind() == Kind.RELOAD) {
			return this.reload + " runs; upgrade once it ended";
		}
		if (!isServingOnItsOwn()) {
			return notTakenOverYet();
		}
		if (this.upgrade != null && this.upgrade.state() == UpgradeState.FAILED && this.upgrade.isMasterRunning()) {
			return "the new master of " + this.upgrade + " (pid " + this.upgrade.pid() + ") still stops";
		}
		return null;
	}

	/**
	 * Returns whether a worker that served its time may be replaced now: not while a
	 * reload replaces the workers anyway, nor once the cluster stops.
	 */
	boolean allowsRecycling() {
		return kind() == Kind.NONE || kind() == Kind.UPGRADE;
	}

	private String notTakenOverYet() {
		return "this master has not taken over from master pid " + this.succession.predecessor() + " yet";
	}

	static String capitalized(String reason) {
		return Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
	}

}

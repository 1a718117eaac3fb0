package io.clusterboot.autoconfigure;

/**
 * Thrown while binding a {@code cluster.*} property whose value is not allowed. The
 * property name and value come from the surrounding bind failure.
 *
 * @author ClusterBoot team
 */
class InvalidClusterPropertyException extends IllegalArgumentException {

	private final String allowed;

	/**
	 * Creates a new exception.
	 * @param allowed a description of the allowed values
	 */
	InvalidClusterPropertyException(String allowed) {
		super("Allowed values: " + allowed);
		this.allowed = allowed;
	}

	/**
	 * Returns a description of the allowed values.
	 * @return the allowed values
	 */
	String getAllowed() {
		return this.allowed;
	}

}

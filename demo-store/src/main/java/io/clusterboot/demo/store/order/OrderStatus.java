package io.clusterboot.demo.store.order;

/**
 * Where an order is in its life.
 *
 * @author ClusterBoot team
 */
public enum OrderStatus {

	/** Placed, not yet paid. */
	PLACED,

	/** Paid, waiting to be shipped. */
	PAID,

	/** On its way to the customer. */
	SHIPPED,

	/** Cancelled before shipping. */
	CANCELLED

}

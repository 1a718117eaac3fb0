package io.clusterboot.demo.store.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.clusterboot.demo.store.order.OrderLine;
import io.clusterboot.demo.store.order.OrderStatus;
import io.clusterboot.demo.store.order.PurchaseOrder;

/**
 * An order as the JSON API shows it.
 *
 * @param id the id
 * @param customer the customer's e-mail address
 * @param status the status
 * @param placedAt when it was placed
 * @param total what it comes to
 * @param lines its lines
 * @author ClusterBoot team
 */
record OrderJson(long id, String customer, OrderStatus status, Instant placedAt, BigDecimal total, List<Line> lines) {

	static OrderJson of(PurchaseOrder order) {
		return new OrderJson(order.getId(), order.getCustomer().getEmail(), order.getStatus(), order.getPlacedAt(),
				order.getTotal(), order.getLines().stream().map(Line::of).toList());
	}

	/**
	 * A line of the order.
	 *
	 * @param productId the id of the product
	 * @param name the name of the product
	 * @param quantity the quantity
	 * @param unitPrice the price of one
	 */
	record Line(long productId, String name, int quantity, BigDecimal unitPrice) {

		static Line of(OrderLine line) {
			return new Line(line.getProduct().getId(), line.getProduct().getName(), line.getQuantity(),
					line.getUnitPrice());
		}

	}

}

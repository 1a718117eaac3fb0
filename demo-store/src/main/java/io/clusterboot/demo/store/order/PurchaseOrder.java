package io.clusterboot.demo.store.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.clusterboot.demo.store.catalog.Product;
import io.clusterboot.demo.store.customer.Customer;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * An order of a customer: its lines, status and total. ({@code Order} is a reserved word
 * in SQL.)
 *
 * @author ClusterBoot team
 */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "customer_id")
	private Customer customer;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private OrderStatus status = OrderStatus.PLACED;

	@Column(name = "placed_at", nullable = false)
	private Instant placedAt;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal total = BigDecimal.ZERO;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<OrderLine> lines = new ArrayList<>();

	protected PurchaseOrder() {
	}

	public PurchaseOrder(Customer customer) {
		this.customer = customer;
		this.placedAt = Instant.now();
	}

	/**
	 * Adds a line at the product's current price, and takes the quantity out of stock.
	 * @param product the product
	 * @param quantity the quantity
	 */
	public void add(Product product, int quantity) {
		product.removeFromStock(quantity);
		OrderLine line = new OrderLine(this, product, quantity, product.getPrice());
		this.lines.add(line);
		this.total = this.total.add(line.getAmount());
	}

	public Long getId() {
		return this.id;
	}

	public Customer getCustomer() {
		return this.customer;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public Instant getPlacedAt() {
		return this.placedAt;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public List<OrderLine> getLines() {
		return Collections.unmodifiableList(this.lines);
	}

}

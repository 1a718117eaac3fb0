package io.clusterboot.demo.store.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;

/**
 * An article of the catalog, with its price and the quantity in stock.
 *
 * @author ClusterBoot team
 */
@Entity
public class Product {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true, length = 32)
	private String sku;

	@Column(nullable = false, length = 200)
	private String name;

	@Column(length = 2000)
	private String description;

	@Column(nullable = false, precision = 10, scale = 2)
	private BigDecimal price;

	@Column(nullable = false)
	private int stock;

	@Column(nullable = false)
	private boolean active = true;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "category_id")
	private Category category;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Version
	private long version;

	protected Product() {
	}

	public Product(String sku, String name, String description, BigDecimal price, int stock, Category category) {
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.price = price;
		this.stock = stock;
		this.category = category;
		this.createdAt = Instant.now();
	}

	/**
	 * Takes the given quantity out of stock.
	 * @param quantity the quantity sold
	 * @throws InsufficientStockException if fewer are in stock
	 */
	public void removeFromStock(int quantity) {
		if (quantity > this.stock) {
			throw new InsufficientStockException(this, quantity);
		}
		this.stock -= quantity;
	}

	public boolean isInStock() {
		return this.stock > 0;
	}

	public Long getId() {
		return this.id;
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public int getStock() {
		return this.stock;
	}

	public boolean isActive() {
		return this.active;
	}

	public Category getCategory() {
		return this.category;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}

package io.clusterboot.demo.store.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

/**
 * A customer's rating of a product, from 1 to 5 stars, with an optional comment.
 *
 * @author ClusterBoot team
 */
@Entity
public class Review {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "product_id")
	private Product product;

	@Column(nullable = false, length = 100)
	private String author;

	@Column(nullable = false)
	private int rating;

	@Column(length = 2000)
	private String comment;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Review() {
	}

	public Review(Product product, String author, int rating, String comment) {
		this.product = product;
		this.author = author;
		this.rating = rating;
		this.comment = comment;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public Product getProduct() {
		return this.product;
	}

	public String getAuthor() {
		return this.author;
	}

	public int getRating() {
		return this.rating;
	}

	public String getComment() {
		return this.comment;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}

package io.clusterboot.demo.store.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A section of the catalog, such as "Coffee" or "Tea".
 *
 * @author ClusterBoot team
 */
@Entity
public class Category {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true, length = 64)
	private String slug;

	@Column(nullable = false, length = 100)
	private String name;

	@Column(length = 500)
	private String description;

	protected Category() {
	}

	public Category(String slug, String name, String description) {
		this.slug = slug;
		this.name = name;
		this.description = description;
	}

	public Long getId() {
		return this.id;
	}

	public String getSlug() {
		return this.slug;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

}

"""The SEO panel on the admin home, and the score column of the page listing."""

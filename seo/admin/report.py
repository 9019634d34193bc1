"""The SEO report (Reports > SEO audit): one row per article, from its latest
stored audit."""

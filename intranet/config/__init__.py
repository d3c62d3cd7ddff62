"""org.yml and policy.yml: the YAML readers and the typed records they become. Imports
only the ground (errors)."""

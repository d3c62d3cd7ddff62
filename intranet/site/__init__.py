"""What readers see on a given day: posts and pages, feeds, navigation, people, reports,
and the page-level protections (anchors, the Content-Security-Policy, the render guard).
Imports config and the ground only."""

"""Sample LMS plugin: a "key term" lesson block, an "acknowledged" completion
rule and a URL to acknowledge a lesson, all through the public contract."""

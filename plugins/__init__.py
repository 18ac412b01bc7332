"""Built-in plugins. Each is a Django app that uses only the public plugin
contract (``lms.plugin``, the ``lms_`` hooks), exactly as a pip-installed one."""

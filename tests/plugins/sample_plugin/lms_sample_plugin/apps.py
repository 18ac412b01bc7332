from lms.plugin import LmsPluginConfig


class SamplePluginConfig(LmsPluginConfig):
    name = "lms_sample_plugin"
    label = "sample_plugin"
    verbose_name = "Sample plugin"

    class LmsPluginMeta:
        name = "Sample plugin"
        author = "LMS test suite"
        version = "0.3.0"
        description = "Key-term block and an acknowledgement completion rule."
        category = "completion"
        compatibility = "lms>=0.1,<1"

"""Question types: the contract (``base``) and one module per built-in type."""


def builtin_question_types() -> list:
    """One instance of each built-in type, in the order authors see them."""
    from plugins.quiz.question_types.multichoice import MultipleChoice

    return [MultipleChoice()]

"""Question types: the contract (``base``) and one module per built-in type."""


def builtin_question_types() -> list:
    """One instance of each built-in type, in the order authors see them."""
    from plugins.quiz.question_types.essay import Essay
    from plugins.quiz.question_types.matching import Matching
    from plugins.quiz.question_types.multichoice import MultipleChoice
    from plugins.quiz.question_types.multiresponse import MultipleResponse
    from plugins.quiz.question_types.numerical import Numerical
    from plugins.quiz.question_types.shortanswer import ShortAnswer
    from plugins.quiz.question_types.truefalse import TrueFalse

    return [
        MultipleChoice(),
        MultipleResponse(),
        TrueFalse(),
        ShortAnswer(),
        Numerical(),
        Matching(),
        Essay(),
    ]

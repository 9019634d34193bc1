"""API errors that name the query parameter at fault."""

from wagtail.api.v2.utils import BadRequestError


class InvalidParameter(BadRequestError):
    """A 400 whose JSON body names the parameter: {"message", "parameter"}."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter

from .settings import IntParam, int_param

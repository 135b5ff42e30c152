"""_scene.txt.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = 'a6b24531d50a84dcdee666bfcc5c67104d759e2b3adfef05834ed551af8fe917'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_scene.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_heading = resolve('heading')
    l_0_width = resolve('width')
    l_0_scene = resolve('scene')
    l_0_wrapped = missing
    try:
        t_1 = environment.filters['claim']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'claim' found.")
    try:
        t_2 = environment.filters['films']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'films' found.")
    try:
        t_3 = environment.filters['people']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'people' found.")
    try:
        t_4 = environment.filters['reality']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'reality' found.")
    try:
        t_5 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_6 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    l_0_wrapped = t_6((undefined(name='heading') if l_0_heading is missing else l_0_heading), (undefined(name='width') if l_0_width is missing else l_0_width))
    context.vars['wrapped'] = l_0_wrapped
    context.exported_vars.add('wrapped')
    yield str((undefined(name='wrapped') if l_0_wrapped is missing else l_0_wrapped))
    yield '\n'
    yield str(t_5((undefined(name='wrapped') if l_0_wrapped is missing else l_0_wrapped)))
    yield '\n\n'
    if (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'kind') == 'compilation'):
        pass
        yield str(t_6(str_join(('About: ', environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'about'), ', across many films', )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films'):
        pass
        yield str(t_6(str_join(('Film: ', t_2(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')), )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'people'):
        pass
        yield str(t_6(str_join(('People: ', t_3(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'people')), )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'):
        pass
        yield '\n'
        yield str(t_6(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
        pass
        yield '\nBy the numbers:\n'
        for l_1_claim in environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
            l_1_check = missing
            _loop_vars = {}
            pass
            yield str(t_6(t_1(l_1_claim), (undefined(name='width') if l_0_width is missing else l_0_width), '    ', '  - '))
            yield '\n'
            l_1_check = t_4(l_1_claim)
            _loop_vars['check'] = l_1_check
            if (undefined(name='check') if l_1_check is missing else l_1_check):
                pass
                yield str(t_6(str_join(('Reality check: ', (undefined(name='check') if l_1_check is missing else l_1_check), '.', )), (undefined(name='width') if l_0_width is missing else l_0_width), '    ', '    '))
                yield '\n'
        l_1_claim = l_1_check = missing

blocks = {}
debug_info = '5=51&6=54&7=56&9=58&10=60&12=62&13=64&15=66&16=68&18=70&20=73&22=75&25=78&26=82&27=84&28=86&29=88'

"""_scene.txt.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '869d529fdd6f89f7cb4a5fb1f73df3e48b4e376c099a463515ea4af63f81a803'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
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
    l_0_wrapped = l_0_cast = l_0_corrected = missing
    try:
        t_1 = environment.filters['blurb']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'blurb' found.")
    try:
        t_2 = environment.filters['cast_line']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'cast_line' found.")
    try:
        t_3 = environment.filters['compilation']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'compilation' found.")
    try:
        t_4 = environment.filters['correction']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'correction' found.")
    try:
        t_5 = environment.filters['films']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'films' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['reality']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'reality' found.")
    try:
        t_8 = environment.filters['statement']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'statement' found.")
    try:
        t_9 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_10 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    try:
        t_11 = environment.tests['stated_in']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No test named 'stated_in' found.")
    pass
    l_0_wrapped = t_10((undefined(name='heading') if l_0_heading is missing else l_0_heading), (undefined(name='width') if l_0_width is missing else l_0_width))
    context.vars['wrapped'] = l_0_wrapped
    context.exported_vars.add('wrapped')
    yield str((undefined(name='wrapped') if l_0_wrapped is missing else l_0_wrapped))
    yield '\n'
    yield str(t_9((undefined(name='wrapped') if l_0_wrapped is missing else l_0_wrapped)))
    yield '\n\n'
    if (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'kind') == 'compilation'):
        pass
        yield str(t_10(str_join(('Films: ', t_3((undefined(name='scene') if l_0_scene is missing else l_0_scene)), )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films'):
        pass
        yield str(t_10(str_join((('Films: ' if (t_6(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')) > 1) else 'Film: '), t_5(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')), )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    l_0_cast = t_2((undefined(name='scene') if l_0_scene is missing else l_0_scene))
    context.vars['cast'] = l_0_cast
    context.exported_vars.add('cast')
    if (undefined(name='cast') if l_0_cast is missing else l_0_cast):
        pass
        yield str(t_10(str_join(('Cast: ', (undefined(name='cast') if l_0_cast is missing else l_0_cast), )), (undefined(name='width') if l_0_width is missing else l_0_width), '  ', ''))
        yield '\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'):
        pass
        yield '\n'
        yield str(t_10(t_1((undefined(name='scene') if l_0_scene is missing else l_0_scene)), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    for l_1_claim in environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
        l_1_check = missing
        _loop_vars = {}
        pass
        if (not t_11(l_1_claim, (undefined(name='scene') if l_0_scene is missing else l_0_scene))):
            pass
            yield '\n'
            yield str(t_10(t_8(l_1_claim), (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
        l_1_check = t_7(l_1_claim)
        _loop_vars['check'] = l_1_check
        if (undefined(name='check') if l_1_check is missing else l_1_check):
            pass
            yield '\n'
            yield str(t_10(str_join(('Reality check: ', (undefined(name='check') if l_1_check is missing else l_1_check), )), (undefined(name='width') if l_0_width is missing else l_0_width)))
            yield '\n'
    l_1_claim = l_1_check = missing
    l_0_corrected = t_4((undefined(name='scene') if l_0_scene is missing else l_0_scene))
    context.vars['corrected'] = l_0_corrected
    context.exported_vars.add('corrected')
    if (undefined(name='corrected') if l_0_corrected is missing else l_0_corrected):
        pass
        yield '\n'
        yield str(t_10((undefined(name='corrected') if l_0_corrected is missing else l_0_corrected), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'

blocks = {}
debug_info = '5=81&6=84&7=86&9=88&10=90&12=92&13=94&15=96&16=99&17=101&19=103&21=106&24=108&25=112&27=115&29=117&30=119&32=122&35=125&36=128&38=131'

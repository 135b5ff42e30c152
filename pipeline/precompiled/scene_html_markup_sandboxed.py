"""_scene.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = 'e940fca59223d2a181b9f83cac4a090c1d4119e7454ce02be3f7921c0b0fef0b'
JINJA_VERSION = '3.1.6'
SANDBOX = 'binops=%,*,**'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_scene.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_anchor = resolve('anchor')
    l_0_scene = resolve('scene')
    l_0_number = resolve('number')
    l_0_cast = missing
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
        t_4 = environment.filters['correction_text']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'correction_text' found.")
    try:
        t_5 = environment.filters['films']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'films' found.")
    try:
        t_6 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_7 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_8 = environment.filters['long_date']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'long_date' found.")
    try:
        t_9 = environment.filters['statement']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'statement' found.")
    try:
        t_10 = environment.filters['unbroken']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'unbroken' found.")
    try:
        t_11 = environment.filters['verdict']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'verdict' found.")
    try:
        t_12 = environment.filters['verdict_word']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'verdict_word' found.")
    try:
        t_13 = environment.filters['why_sentence']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'why_sentence' found.")
    try:
        t_14 = environment.tests['stated_in']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No test named 'stated_in' found.")
    pass
    yield '<section class="scene" id="'
    yield escape(environment.call(context, (undefined(name='anchor') if l_0_anchor is missing else l_0_anchor), (undefined(name='scene') if l_0_scene is missing else l_0_scene)))
    yield '">\n'
    for l_1_old in environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'former_ids'):
        _loop_vars = {}
        pass
        yield '  <span id="'
        yield escape(l_1_old)
        yield '"></span>\n'
    l_1_old = missing
    yield '  <h2><span class="scene__number">'
    yield escape((undefined(name='number') if l_0_number is missing else l_0_number))
    yield '<span class="visually-hidden">.</span></span> <span class="scene__title">'
    yield escape(t_6((undefined(name='scene') if l_0_scene is missing else l_0_scene)))
    yield '</span></h2>\n'
    l_0_cast = t_2((undefined(name='scene') if l_0_scene is missing else l_0_scene))
    context.vars['cast'] = l_0_cast
    context.exported_vars.add('cast')
    if ((environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films') or (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'kind') == 'compilation')) or (undefined(name='cast') if l_0_cast is missing else l_0_cast)):
        pass
        yield '  <dl class="credits">\n'
        if (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'kind') == 'compilation'):
            pass
            yield '    <dt>Films</dt>\n    <dd>'
            yield escape(t_3((undefined(name='scene') if l_0_scene is missing else l_0_scene)))
            yield '</dd>\n'
        if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films'):
            pass
            yield '    <dt>'
            yield escape(('Films' if (t_7(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')) > 1) else 'Film'))
            yield '</dt>\n    <dd>'
            yield escape(t_5(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')))
            yield '</dd>\n'
        if (undefined(name='cast') if l_0_cast is missing else l_0_cast):
            pass
            yield '    <dt>Cast</dt>\n    <dd>'
            yield escape((undefined(name='cast') if l_0_cast is missing else l_0_cast))
            yield '</dd>\n'
        yield '  </dl>\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'):
        pass
        yield '  <p class="blurb">'
        yield escape(t_1((undefined(name='scene') if l_0_scene is missing else l_0_scene)))
        yield '</p>\n'
    for l_1_claim in environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
        l_1_check = missing
        _loop_vars = {}
        pass
        if (not t_14(l_1_claim, (undefined(name='scene') if l_0_scene is missing else l_0_scene))):
            pass
            yield '  <p class="claim">'
            yield escape(t_10(t_9(l_1_claim)))
            yield '</p>\n'
        l_1_check = t_11(l_1_claim)
        _loop_vars['check'] = l_1_check
        if environment.getattr((undefined(name='check') if l_1_check is missing else l_1_check), 'verdict'):
            pass
            yield '  <p class="reality"><span class="reality__label">Reality check</span> <strong class="reality__verdict">'
            yield escape(t_12((undefined(name='check') if l_1_check is missing else l_1_check)))
            yield '.</strong> '
            yield escape(t_10(t_13((undefined(name='check') if l_1_check is missing else l_1_check))))
            yield '</p>\n'
    l_1_claim = l_1_check = missing
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'correction'):
        pass
        yield '  <p class="correction"><strong class="correction__label">Corrected <time datetime="'
        yield escape(environment.call(context, environment.getattr(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'updated'), 'isoformat')))
        yield '">'
        yield escape(t_8(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'updated')))
        yield '</time>:</strong> '
        yield escape(t_4((undefined(name='scene') if l_0_scene is missing else l_0_scene)))
        yield '</p>\n'
    yield '</section>\n'

blocks = {}
debug_info = '6=100&7=102&8=106&10=110&11=114&12=117&14=120&16=123&18=125&19=128&20=130&22=132&24=135&28=138&29=141&31=143&32=147&33=150&37=152&38=154&39=157&42=162&43=165'

"""_scene.html.j2, compiled by Jinja 3.1.6 (python -m pipeline.precompiled)."""
# ruff: noqa
SOURCE_SHA256 = '30dfcddd247f34c32c8eac67a2454c3d894cf75de9e1ad726c1de50609bca2de'
JINJA_VERSION = '3.1.6'
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
        t_1 = environment.filters['amount']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'amount' found.")
    try:
        t_2 = environment.filters['conversion']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'conversion' found.")
    try:
        t_3 = environment.filters['films']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'films' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['people']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'people' found.")
    try:
        t_6 = environment.filters['reality']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'reality' found.")
    pass
    yield '<section class="scene" id="'
    yield escape(context.call((undefined(name='anchor') if l_0_anchor is missing else l_0_anchor), (undefined(name='scene') if l_0_scene is missing else l_0_scene)))
    yield '">\n  <h2><span class="scene__number">'
    yield escape((undefined(name='number') if l_0_number is missing else l_0_number))
    yield '<span class="visually-hidden">.</span></span> <span class="scene__title">'
    yield escape(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'heading'))
    yield '</span></h2>\n'
    l_0_cast = t_5(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'people'))
    context.vars['cast'] = l_0_cast
    context.exported_vars.add('cast')
    if (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'kind') == 'compilation'):
        pass
        yield '  <p class="credits credits--about">Not one film but many, all with '
        yield escape(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'about'))
        yield '.</p>\n'
    if (environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films') or ((undefined(name='cast') if l_0_cast is missing else l_0_cast) and ((undefined(name='cast') if l_0_cast is missing else l_0_cast) != environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'about')))):
        pass
        yield '  <dl class="credits">\n'
        if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films'):
            pass
            yield '    <dt>'
            yield escape(('Films' if (t_4(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')) > 1) else 'Film'))
            yield '</dt>\n    <dd>'
            yield escape(t_3(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'films')))
            yield '</dd>\n'
        if ((undefined(name='cast') if l_0_cast is missing else l_0_cast) and ((undefined(name='cast') if l_0_cast is missing else l_0_cast) != environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'about'))):
            pass
            yield '    <dt>Cast</dt>\n    <dd>'
            yield escape((undefined(name='cast') if l_0_cast is missing else l_0_cast))
            yield '</dd>\n'
        yield '  </dl>\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'):
        pass
        yield '  <p class="blurb">'
        yield escape(environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'blurb'))
        yield '</p>\n'
    if environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
        pass
        yield '  <h3 class="numbers__title">By the numbers</h3>\n  <dl class="numbers">\n'
        for l_1_claim in environment.getattr((undefined(name='scene') if l_0_scene is missing else l_0_scene), 'claims'):
            l_1_other = l_1_check = missing
            _loop_vars = {}
            pass
            yield '    <div class="claim">\n      <dt class="claim__figure">'
            if environment.getattr(l_1_claim, 'qualifier'):
                pass
                yield '<span class="claim__qualifier">'
                yield escape(environment.getattr(l_1_claim, 'qualifier'))
                yield '</span> '
            yield '<strong>'
            yield escape(t_1(l_1_claim))
            yield '</strong>'
            l_1_other = t_2(l_1_claim)
            _loop_vars['other'] = l_1_other
            if (undefined(name='other') if l_1_other is missing else l_1_other):
                pass
                yield ' <span class="claim__conversion">('
                yield escape((undefined(name='other') if l_1_other is missing else l_1_other))
                yield ')</span>'
            yield '</dt>\n      <dd class="claim__subject">'
            yield escape(environment.getattr(l_1_claim, 'subject'))
            yield '</dd>\n'
            if environment.getattr(l_1_claim, 'comparison'):
                pass
                yield '      <dd class="claim__comparison">That’s '
                yield escape(context.call(environment.getattr(environment.getattr(l_1_claim, 'comparison'), 'rstrip'), '.', _loop_vars=_loop_vars))
                yield '.</dd>\n'
            if environment.getattr(l_1_claim, 'source'):
                pass
                yield '      <dd class="claim__source">Source: '
                yield escape(environment.getattr(l_1_claim, 'source'))
                yield '</dd>\n'
            l_1_check = t_6(l_1_claim)
            _loop_vars['check'] = l_1_check
            if (undefined(name='check') if l_1_check is missing else l_1_check):
                pass
                yield '      <dd class="claim__reality"><span class="claim__label">Reality check:</span> '
                yield escape((undefined(name='check') if l_1_check is missing else l_1_check))
                yield '.</dd>\n'
            yield '    </div>\n'
        l_1_claim = l_1_other = l_1_check = missing
        yield '  </dl>\n'
    yield '</section>\n'

blocks = {}
debug_info = '2=52&3=54&4=58&5=61&6=64&8=66&10=69&11=72&12=74&14=76&16=79&20=82&21=85&23=87&26=90&29=95&30=101&31=103&33=111&34=113&35=116&37=118&38=121&42=123&43=125&44=128'
